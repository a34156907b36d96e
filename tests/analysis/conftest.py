from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def each_test_starts_with_empty_caches(empty_caches):
    """Analysis results are kept per plan generation: none may answer the next test."""


@pytest.fixture
def database_rows():
    """Return a function that reads every row of the plan and edition tables."""
    from ger.editions.models import Edition, EditionPlan
    from ger.plans.models import (
        Dependency,
        Mission,
        MissionCapability,
        MissionObjective,
        MissionPartner,
    )

    models = (
        Mission,
        MissionPartner,
        MissionObjective,
        MissionCapability,
        Dependency,
        Edition,
        EditionPlan,
    )

    def rows():
        return {
            model.__name__: list(model.objects.order_by("pk").values())
            for model in models
        }

    return rows
