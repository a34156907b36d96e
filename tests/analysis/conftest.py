from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command

from ger.api.caching import clear_immutable


@pytest.fixture(autouse=True)
def empty_caches():
    """Start and end each test with no analysis result kept.

    Results are kept per plan generation; fixtures bulk-load rows (no signals, so
    no new generation) and each test's rows are rolled back, so a result kept by
    one test must not answer the next.
    """
    cache.clear()
    clear_immutable()
    yield
    cache.clear()
    clear_immutable()


@pytest.fixture
def seeded(db):
    """Load the bundled reference data set."""
    call_command("seed", verbosity=0)


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
