"""Hypothesis against the import validator: any input gives problems or a clean load, never a crash."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ger.dataset.writing import load_files
from ger.plans.models import Mission
from ger.registry.models import Agency

SECTIONS = [
    "agencies",
    "missions",
    "destinations",
    "editions",
    "dependencies",
    "goals",
    "objectives",
    "membership_counts",
    "capabilities",
    "themes",
]
FIELDS = [
    "code",
    "slug",
    "name",
    "lead",
    "destination",
    "kind",
    "status",
    "confidence",
    "planned_launch",
    "partners",
    "plans",
    "sources",
    "member",
    "joined",
    "from",
    "to",
    "lat",
    "lon",
    "landing_site",
    "crewed",
    "released",
    "title",
    "parent",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2025", "NET 2025-Q3", "2025-02-30", "NASA", "lunar-orbit"]),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)
documents = st.dictionaries(
    st.one_of(st.sampled_from(SECTIONS), st.text(max_size=8)),
    st.lists(values, max_size=4),
    max_size=4,
)

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def counts() -> tuple[int, int]:
    return Agency.objects.count(), Mission.objects.count()


@SETTINGS
@given(document=documents)
def test_structured_garbage_never_crashes_the_loader(db, tmp_path_factory, document):
    path = tmp_path_factory.mktemp("fuzz") / "data.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    before = counts()
    summary, problems = load_files([path])
    if problems:
        assert summary is None
        assert counts() == before
        assert all(
            problem.file == str(path) and problem.message for problem in problems
        )


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_raw_bytes_never_crash_the_loader(db, tmp_path_factory, raw):
    for name in ("data.yaml", "data.csv"):
        path = tmp_path_factory.mktemp("raw") / name
        path.write_bytes(raw)
        before = counts()
        _summary, problems = load_files([path])
        if problems:
            assert counts() == before
