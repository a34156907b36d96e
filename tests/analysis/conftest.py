from __future__ import annotations

import pytest
from django.core.management import call_command


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
