"""The small data set of many tests, and the co-authoring cast on top of it.

``base_data`` (tests/conftest.py): three agencies, two missions, two editions, loaded
from a YAML file as ``ger import`` loads one. ``cast_data`` (tests/workspace/conftest.py)
adds, through the services, a NASA mission with ESA as partner and an ESA mission with
NASA, a goal and an objective, so that every rule has an own record and another
agency's record to try. Both are shared between tests (tests/shared_data.py).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ger.dataset.writing import load_files

BASE_DATA = """
agencies:
  - code: NASA
    name: National Aeronautics and Space Administration
    country: United States
    member: {joined: "2007-11", founding: true}
    sources: ["https://example.org/nasa"]
  - code: ESA
    name: European Space Agency
    country: Europe
    member: {joined: "2007-11", founding: true}
  - code: JAXA
    name: Japan Aerospace Exploration Agency
    member: {joined: "2007-11", founding: true}
destinations:
  - {slug: lunar-surface, name: Lunar surface}
  - {slug: lunar-south-pole, name: Lunar south polar region, parent: lunar-surface}
  - {slug: lunar-orbit, name: Lunar orbit}
editions:
  - code: ED-A
    slug: edition-a
    title: Edition A
    kind: supplement
    released: "2020-08"
    status: published
  - code: WORK
    slug: current
    title: Current plan
    kind: working_draft
    status: draft
missions:
  - slug: orbiter-one
    name: Orbiter One
    lead: ESA
    destination: lunar-orbit
    kind: infrastructure
    status: planned
    confidence: reported
    planned_launch: "NET 2026"
    sources: ["https://example.org/orbiter"]
    plans:
      ED-A: {launch: "2024", statement: "2024 as reported"}
  - slug: lander-two
    name: Lander Two
    lead: NASA
    partners: [{agency: JAXA, role: rover}]
    destination: lunar-south-pole
    crewed: true
    kind: human_exploration
    status: planned
    confidence: reported
    planned_launch: "2028-Q2"
    plans:
      ED-A: {launch: "2025", in_edition: confirmed}
dependencies:
  - {from: orbiter-one, to: lander-two, kind: relay_communications}
"""


_SHARED_FILE: list[Path] = []


def base_file() -> Path:
    """Return the small data set's file, written once per test process."""
    if not _SHARED_FILE:
        folder = Path(tempfile.mkdtemp(prefix="ger-test-base-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "base.yaml"
        path.write_text(BASE_DATA.lstrip("\n"), encoding="utf-8")
        _SHARED_FILE.append(path)
    return _SHARED_FILE[0]


def load_base(path: Path | None = None) -> Path:
    """Load the small data set (from ``path``, or the process's own file)."""
    path = path or base_file()
    _summary, problems = load_files([path])
    assert problems == [], problems
    return path


def mission_fields(**overrides: Any) -> dict[str, Any]:
    """Return a complete, valid mission state."""
    state = {
        "slug": "probe",
        "name": "Probe",
        "aliases": [],
        "lead": "NASA",
        "partners": [],
        "destination": "lunar-orbit",
        "crewed": False,
        "kind": "science",
        "status": "planned",
        "confidence": "reported",
        "planned_launch": "2027",
        "planned_launch_note": "",
        "actual_launch": None,
        "ended": None,
        "outcome_note": "",
        "duration_days": None,
        "cospar_id": "",
        "site_name": "",
        "site_latitude": None,
        "site_longitude": None,
        "site_kind": "",
        "site_uncertain": False,
        "site_note": "",
        "description": "",
        "notes": "",
        "uncertain": False,
        "uncertain_note": "",
        "objectives": [],
        "provides": [],
        "needs": [],
        "sources": [],
    }
    state.update(overrides)
    return state


CAST = {
    "NASA": {
        "slug": "nasa-rover",
        "name": "NASA Rover",
        "lead": "NASA",
        "partners": [{"agency": "ESA", "role": "camera", "uncertain": False}],
        "planned_launch": "2028-Q3",
    },
    "ESA": {
        "slug": "esa-lander",
        "name": "ESA Lander",
        "lead": "ESA",
        "partners": [{"agency": "NASA", "role": "relay", "uncertain": False}],
        "planned_launch": "NET 2029",
    },
}


def add_cast() -> dict[str, Any]:
    """Add the cast's goal, objective and two missions to the small data set."""
    from ger.history.missions import create_mission
    from ger.objectives.models import Goal, Objective

    goal = Goal.objects.create(code="G1", title="Search for life")
    Objective.objects.create(code="O1", title="Sample the poles", goal=goal)
    return {
        agency: create_mission(mission_fields(**fields), None)
        for agency, fields in CAST.items()
    }


def make_cast() -> None:
    """Load the small data set and add the cast (what the shared transaction holds)."""
    load_base()
    add_cast()


def cast_missions() -> dict[str, Any]:
    """Return the cast's two missions, read afresh."""
    from ger.plans.models import Mission

    return {
        agency: Mission.objects.get(slug=fields["slug"])
        for agency, fields in CAST.items()
    }
