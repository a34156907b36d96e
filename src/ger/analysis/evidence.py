"""The comparable cases behind a forecast, or behind its absence, in words.

A published forecast (``published.py``) names the past plans it rests on: the
informative statements of the mission's own class, or of its vehicle when the class
has none, and the slips they show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ger.analysis.cases import LAUNCHED, WAITING, Case

ALL_CLASSES = "all"


@dataclass(frozen=True)
class Evidence:
    """The comparable statements and the slips they show.

    ``scope`` is the class they share: the mission's own class, or, when it has no
    informative statement, its vehicle (crewed, lander, orbiter), else every class.
    """

    scope: str
    statements: int
    missions: int
    launched: int
    waiting: int
    earliest_slip: float | None  # months after the window's end (negative: early)
    latest_slip: float | None  # largest slip seen, launched or waiting so far

    def as_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "statements": self.statements,
            "missions": self.missions,
            "launched": self.launched,
            "still_waiting": self.waiting,
            "slip_months_from": None
            if self.earliest_slip is None
            else round(self.earliest_slip),
            "slip_months_to": None
            if self.latest_slip is None
            else round(self.latest_slip),
        }


class Comparables:
    """The informative statements of every class, grouped once.

    A plan has thousands of missions in a few classes: each class's evidence is
    worked out once, not once per mission.
    """

    def __init__(self, found: Sequence[Case]) -> None:
        self._informative = [case for case in found if case.informative]
        self._by_class: dict[str, list[Case]] = {}
        self._by_vehicle: dict[str, list[Case]] = {}
        for case in self._informative:
            self._by_class.setdefault(case.class_key, []).append(case)
            vehicle = case.class_key.split("/")[0]
            self._by_vehicle.setdefault(vehicle, []).append(case)
        self._seen: dict[str, Evidence] = {}

    def of(self, class_key: str) -> Evidence:
        """Return the evidence of ``class_key``: its own, its vehicle's or all."""
        seen = self._seen.get(class_key)
        if seen is None:
            seen = self._seen[class_key] = self._work_out(class_key)
        return seen

    def _work_out(self, class_key: str) -> Evidence:
        scope, members = ALL_CLASSES, self._informative
        vehicle = class_key.split("/")[0]
        if class_key in self._by_class:
            scope, members = class_key, self._by_class[class_key]
        elif vehicle in self._by_vehicle:
            scope, members = vehicle, self._by_vehicle[vehicle]
        slips = [case.slip for case in members]
        return Evidence(
            scope=scope,
            statements=len(members),
            missions=len({case.mission for case in members}),
            launched=sum(1 for case in members if case.outcome == LAUNCHED),
            waiting=sum(1 for case in members if case.outcome == WAITING),
            earliest_slip=min(slips) if slips else None,
            latest_slip=max(slips) if slips else None,
        )


def comparable_words(seen: Evidence) -> str:
    """Return the comparable cases and their slips in words."""
    if not seen.statements:
        return _("No comparable past plan is recorded.")
    scope = class_words(seen.scope)
    counted = ngettext(
        "%(count)d past plan of %(missions)s (%(scope)s)",
        "%(count)d past plans of %(missions)s (%(scope)s)",
        seen.statements,
    ) % {
        "count": seen.statements,
        "missions": ngettext("%(count)d mission", "%(count)d missions", seen.missions)
        % {"count": seen.missions},
        "scope": scope,
    }
    assert seen.earliest_slip is not None
    assert seen.latest_slip is not None
    return _(
        "Comparable cases: %(counted)s. Their launches came from %(early)s to "
        "%(late)s the end of the planned window (%(waiting)s)."
    ) % {
        "counted": counted,
        "early": months_words(seen.earliest_slip),
        "late": months_words(seen.latest_slip),
        "waiting": ngettext(
            "%(count)d of them still waiting, counted at the time waited so far",
            "%(count)d of them still waiting, counted at the time waited so far",
            seen.waiting,
        )
        % {"count": seen.waiting},
    }


def class_words(key: str) -> str:
    """Return a class of mission ("lander/first") in words."""
    vehicles = {
        "crewed": _("crewed missions"),
        "lander": _("robotic landers"),
        "orbiter": _("robotic orbiters and other spacecraft"),
        ALL_CLASSES: _("all missions"),
    }
    novelties = {
        "first": _("first of their kind for the lead agency"),
        "repeat": _("repeats of a kind the lead agency flew before"),
    }
    vehicle, _slash, novelty = key.partition("/")
    words = vehicles.get(vehicle, vehicle)
    if novelty:
        words = _("%(vehicle)s, %(novelty)s") % {
            "vehicle": words,
            "novelty": novelties.get(novelty, novelty),
        }
    return words


def months_words(months: float) -> str:
    count = round(abs(months))
    if months < 0:
        return ngettext("%(count)d month before", "%(count)d months before", count) % {
            "count": count
        }
    return ngettext("%(count)d month after", "%(count)d months after", count) % {
        "count": count
    }
