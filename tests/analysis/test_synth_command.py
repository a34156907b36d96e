"""``ger synth`` writes plausible synthetic missions the analyses can run on."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from ger.analysis import services
from ger.plans.models import Dependency, Mission, MissionPartner
from ger.registry.models import Agency

pytestmark = pytest.mark.django_db


def test_it_writes_missions_with_their_links(db):
    call_command("synth", missions=400, agencies=6, seed=2, verbosity=0)
    assert Mission.objects.filter(slug__startswith="syn-").count() == 400
    assert Agency.objects.filter(code__startswith="SYN").count() == 6
    assert MissionPartner.objects.exists()
    assert Dependency.objects.exists()
    assert Mission.objects.filter(site_latitude__isnull=False).exists()


def test_running_it_again_replaces_the_synthetic_missions(db):
    call_command("synth", missions=300, seed=1, verbosity=0)
    first = list(
        Mission.objects.order_by("slug").values_list("slug", "planned_launch_on")
    )
    call_command("synth", missions=300, seed=1, verbosity=0)
    assert (
        list(Mission.objects.order_by("slug").values_list("slug", "planned_launch_on"))
        == first
    )


def test_it_refuses_to_mix_with_real_missions_unless_asked(seeded):
    with pytest.raises(CommandError, match="real missions"):
        call_command("synth", missions=10, verbosity=0)
    call_command("synth", missions=10, allow_mixed=True, verbosity=0)
    assert Mission.objects.filter(slug__startswith="syn-").count() == 10


def test_every_analysis_runs_on_the_synthetic_data(db):
    call_command("synth", missions=600, agencies=8, seed=3, verbosity=0)
    assert services.coverage().objectives
    assert services.partnerships().opportunities
    assert services.schedule("", "syn-000599").floats is not None
    assert services.proximity().sites
    moved = services.whatif({"syn-000300": 24})
    assert moved.shifts[0].slug == "syn-000300"
