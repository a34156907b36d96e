"""Slip calibration: how late launches came compared with the plans editions stated.

A plan's slip is how far the launch fell after the end of the stated window ("2024"
ends on 31 December 2024); a launch inside or before the window is on time. The
model per class of mission: on time with probability ``on_time``, otherwise late by
a log-normal number of months. Missions not launched yet whose window has passed
are still evidence: late by at least the time elapsed (right-censored), so the
fit does not only learn from the missions that did fly.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from ger.analysis.model import Dependency, PlanItem, PlanRecord
from ger.analysis.months import month_number
from ger.analysis.normal import log_normal_sf

# Fixed before looking at any back-test result; never tuned on one.
MIN_SAMPLES = 8
MIN_LATE = 3
HERITAGE_LINKS = frozenset({"hardware_heritage", "successor"})
ALL = "all"


class CalibrationError(ValueError):
    """Too little history to calibrate slips."""


def vehicle_class(item: PlanItem) -> str:
    """Return crewed, lander or orbiter (anything in space that does not land)."""
    if item.crewed:
        return "crewed"
    return "lander" if item.lands or item.site is not None else "orbiter"


class Novelty:
    """Whether a mission is its agency's first of its class or a repeat."""

    def __init__(self, fleet: Iterable[PlanItem], links: Iterable[Dependency]) -> None:
        # Per (lead, class): the two earliest flights, and up to two undated ones.
        self.earliest: dict[tuple[str, str], list[tuple[dt.date, str]]] = {}
        self.undated: dict[tuple[str, str], set[str]] = defaultdict(set)
        for item in fleet:
            if not item.has_flown:
                continue
            key = (item.lead, vehicle_class(item))
            if item.launched is None:
                if len(self.undated[key]) < 2:
                    self.undated[key].add(item.slug)
                continue
            flights = [*self.earliest.get(key, []), (item.launched.start, item.slug)]
            self.earliest[key] = sorted(flights)[:2]
        self.heirs = {link.downstream for link in links if link.kind in HERITAGE_LINKS}

    def of(self, item: PlanItem, on: dt.date) -> str:
        """Return "repeat" when the lead flew this class before ``on``, else "first"."""
        if item.slug in self.heirs:
            return "repeat"
        key = (item.lead, vehicle_class(item))
        # A launched mission without a recorded date counts as flown earlier.
        if self.undated.get(key, set()) - {item.slug}:
            return "repeat"
        for when, slug in self.earliest.get(key, ()):
            if slug != item.slug and when < on:
                return "repeat"
        return "first"


@dataclass(frozen=True)
class SlipSample:
    """One plan compared with what happened by the calibration date."""

    slug: str
    edition: str
    vehicle: str
    novelty: str
    outcome: str  # on_time, late, or waiting (not launched; late by at least months)
    months: float

    @property
    def key(self) -> str:
        return f"{self.vehicle}/{self.novelty}"


def slip_samples(
    records: Iterable[PlanRecord], novelty: Novelty, as_of: dt.date
) -> tuple[list[SlipSample], Counter[str]]:
    """Return the samples known on ``as_of`` and why other plans were left out."""
    samples: list[SlipSample] = []
    excluded: Counter[str] = Counter()
    now = month_number(as_of)
    for record in records:
        item = record.item
        if record.stated_on > as_of:
            continue
        if item.is_cancelled:
            excluded["cancelled since"] += 1
            continue
        launched = item.launched
        due = record.window.end_month
        if launched is not None and launched.start <= as_of:
            # A month-precision actual launch is taken at the middle of its month.
            actual = (launched.start_month + launched.end_month) / 2
            slip = actual - due
            outcome, months = ("late", slip) if slip > 0 else ("on_time", 0.0)
        elif item.has_flown and launched is None:
            excluded["launched on an unrecorded date"] += 1
            continue
        elif now > due:
            outcome, months = "waiting", now - due
        else:
            excluded["window not yet over"] += 1
            continue
        samples.append(
            SlipSample(
                slug=item.slug,
                edition=record.edition,
                vehicle=vehicle_class(item),
                novelty=novelty.of(item, record.stated_on),
                outcome=outcome,
                months=months,
            )
        )
    return samples, excluded


@dataclass(frozen=True)
class SlipFit:
    """P(on time) and the log-normal of late months, with the samples behind them."""

    on_time: float
    mu: float
    sigma: float
    on_time_count: int
    late_count: int
    waiting_count: int
    missions: int

    @property
    def samples(self) -> int:
        return self.on_time_count + self.late_count + self.waiting_count

    @property
    def median_late_months(self) -> float:
        return float(np.exp(self.mu))

    def as_dict(self) -> dict[str, Any]:
        return {
            "p_on_time": round(self.on_time, 4),
            "late_months_lognormal": {
                "mu": round(self.mu, 4),
                "sigma": round(self.sigma, 4),
                "median": round(self.median_late_months, 2),
            },
            "samples": self.samples,
            "on_time": self.on_time_count,
            "late": self.late_count,
            "waiting": self.waiting_count,
            "missions": self.missions,
        }


def fit_slips(
    on_time: int, late: Sequence[float], waiting: Sequence[float], missions: int = 0
) -> SlipFit:
    """Return the maximum-likelihood fit of the on-time / log-normal-late model."""
    total = on_time + len(late) + len(waiting)
    if total == 0 or len(late) + len(waiting) == 0:
        raise CalibrationError("no late or waiting sample to fit late months on")
    logs = np.log(np.asarray(late, dtype=float))
    bounds = np.log(np.asarray(waiting, dtype=float))
    if len(late) >= 2 and not len(waiting):
        mu, sigma = float(logs.mean()), max(float(logs.std()), 0.05)
    else:
        mu, sigma = _grid_fit(logs, bounds)
    return SlipFit(
        on_time / total, mu, sigma, on_time, len(late), len(waiting), missions
    )


def _grid_fit(logs: np.ndarray, bounds: np.ndarray) -> tuple[float, float]:
    """Return (mu, sigma) maximising the censored log-normal likelihood on a grid."""
    # mu within 0.1 to 400 months; sigma within 0.05 to 4: wide, not tuned.
    mu_low, mu_high, sigma_low, sigma_high = np.log(0.1), np.log(400.0), 0.05, 4.0
    best = (0.0, 1.0)
    # Many waiting samples share a bound (plans end on the same day): each distinct
    # bound's tail is computed once and counted as often as it occurs.
    values, counts = np.unique(bounds, return_counts=True)
    for _round in range(4):
        mus = np.linspace(mu_low, mu_high, 41)[:, None]
        sigmas = np.linspace(sigma_low, sigma_high, 41)[None, :]
        loglik = -len(logs) * np.log(sigmas) - (
            ((logs[:, None, None] - mus) ** 2).sum(axis=0) / (2 * sigmas**2)
            if len(logs)
            else 0.0
        )
        if len(values):
            z = (values[:, None, None] - mus) / sigmas
            loglik = loglik + (counts[:, None, None] * log_normal_sf(z)).sum(axis=0)
        row, column = np.unravel_index(int(np.argmax(loglik)), loglik.shape)
        best = (float(mus[row, 0]), float(sigmas[0, column]))
        mu_step = (mu_high - mu_low) / 40 * 2
        sigma_step = (sigma_high - sigma_low) / 40 * 2
        mu_low, mu_high = best[0] - mu_step, best[0] + mu_step
        sigma_low = max(0.05, best[1] - sigma_step)
        sigma_high = best[1] + sigma_step
    return best


@dataclass(frozen=True)
class ClassCalibration:
    """A class of missions, its samples, and which fit its missions use."""

    key: str
    on_time: int
    late: int
    waiting: int
    missions: int
    uses: str
    fit: SlipFit

    @property
    def samples(self) -> int:
        return self.on_time + self.late + self.waiting

    def as_dict(self) -> dict[str, Any]:
        return {
            "class": self.key,
            "samples": self.samples,
            "on_time": self.on_time,
            "late": self.late,
            "waiting": self.waiting,
            "missions": self.missions,
            "uses_fit_of": self.uses,
            "fit": self.fit.as_dict(),
        }


@dataclass(frozen=True)
class Calibration:
    """Fits per class of mission, falling back to broader classes when thin."""

    as_of: dt.date
    classes: dict[str, ClassCalibration]
    samples: tuple[SlipSample, ...]
    excluded: dict[str, int]

    def for_class(self, vehicle: str, novelty: str) -> ClassCalibration:
        """Return the calibration a mission of that class uses."""
        for key in (f"{vehicle}/{novelty}", vehicle, ALL):
            if key in self.classes:
                return self.classes[key]
        return self.classes[ALL]

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "min_samples_per_class": MIN_SAMPLES,
            "classes": [entry.as_dict() for entry in self.classes.values()],
            "excluded": self.excluded,
            "samples": [
                {
                    "mission": sample.slug,
                    "edition": sample.edition,
                    "class": sample.key,
                    "outcome": sample.outcome,
                    "months": round(sample.months, 2),
                }
                for sample in self.samples
            ],
        }


def calibrate(
    records: Iterable[PlanRecord],
    fleet: Iterable[PlanItem],
    links: Iterable[Dependency],
    as_of: dt.date,
) -> Calibration:
    """Return the slip calibration from the plans stated and known by ``as_of``."""
    samples, excluded = slip_samples(records, Novelty(fleet, links), as_of)
    groups: dict[str, list[SlipSample]] = defaultdict(list)
    for sample in samples:
        for key in (sample.key, sample.vehicle, ALL):
            groups[key].append(sample)
    if not _usable(groups.get(ALL, [])):
        raise CalibrationError(
            _(
                "too little history on %(date)s to calibrate slips: %(count)s "
                "informative sample(s) (%(outcomes)s); at least %(minimum)s with "
                "%(late)s observed late launches are needed"
            )
            % {
                "date": as_of.isoformat(),
                "count": len(samples),
                "outcomes": _outcomes(samples),
                "minimum": MIN_SAMPLES,
                "late": MIN_LATE,
            }
        )
    fits = {key: _fit(group) for key, group in groups.items() if _usable(group)}
    classes = {}
    for key in sorted(groups, key=lambda key: (key != ALL, key.count("/"), key)):
        parts = key.split("/")
        chain = [key, parts[0], ALL] if len(parts) == 2 else [key, ALL]
        uses = next(candidate for candidate in chain if candidate in fits)
        counts = Counter(sample.outcome for sample in groups[key])
        classes[key] = ClassCalibration(
            key=key,
            on_time=counts["on_time"],
            late=counts["late"],
            waiting=counts["waiting"],
            missions=len({sample.slug for sample in groups[key]}),
            uses=uses,
            fit=fits[uses],
        )
    return Calibration(as_of, classes, tuple(samples), dict(excluded))


def _usable(group: list[SlipSample]) -> bool:
    # Waiting samples bound the delay from below only; without enough observed
    # late launches the log-normal's spread is not pinned down.
    late = sum(1 for sample in group if sample.outcome == "late")
    return len(group) >= MIN_SAMPLES and late >= MIN_LATE


def _outcomes(samples: list[SlipSample]) -> str:
    counts = Counter(sample.outcome for sample in samples)
    return ", ".join(
        f"{counts[outcome]} {outcome.replace('_', ' ')}"
        for outcome in ("on_time", "late", "waiting")
    )


def _fit(group: list[SlipSample]) -> SlipFit:
    return fit_slips(
        on_time=sum(1 for sample in group if sample.outcome == "on_time"),
        late=[sample.months for sample in group if sample.outcome == "late"],
        waiting=[sample.months for sample in group if sample.outcome == "waiting"],
        missions=len({sample.slug for sample in group}),
    )
