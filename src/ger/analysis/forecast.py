"""Launch forecasts from dated plan statements, with partial pooling between classes.

The quantity modelled is a statement's *schedule growth*: how long the mission took
from the statement to its launch, divided by how long the statement said it would
take (its horizon: from the day it was known to the end of its planned window).
A growth of 1 is a launch on the last day of the plan; 2 means twice the time the
plan allowed. Schedule growth as a ratio to the planned duration is how cost and
schedule growth of space projects is usually reported, and it makes a long-range
plan's expected slip longer than a near one's without a separate rule.

    log(growth) = class effect + slope * (log horizon - mean log horizon) + noise

* The class is the vehicle (crewed, lander, orbiter) and whether its lead flew one
  before (first or repeat): six cells, most of them thin.
* **Partial pooling.** Each class's effect is its own mean shrunk towards the mean
  of all classes, by how much the classes really differ (an empirical-Bayes
  random-effects estimate, DerSimonian and Laird, *Controlled Clinical Trials*
  7:177, 1986). A class with two statements borrows nearly everything from the
  others; a large one that differs keeps its own mean. The variance between classes
  is estimated from the data, not chosen.
* **Censoring.** A statement whose mission has not launched yet, with its planned
  window over, says the growth is *at least* the time elapsed over the horizon;
  leaving it out would learn only from the missions that flew. The fit is an
  expectation-maximisation over those bounds (the expected value of a normal above
  its bound, Tobin's censored regression).
* **No literature prior**: none is used; every number comes from the statements.

Only NumPy is used: the normal tail and quantile functions are in ``normal.py``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ger.analysis.model import Dependency, PlanItem, PlanStatementRecord, Window
from ger.analysis.months import month_number
from ger.analysis.normal import log_normal_sf, normal_ppf
from ger.analysis.risk import Novelty, vehicle_class

# Fixed before any result was seen; never tuned on one.
MIN_HORIZON_MONTHS = 1.0
MIN_SIGMA = 0.05
EM_ROUNDS = 60
CLASSES = tuple(
    f"{vehicle}/{novelty}"
    for vehicle in ("crewed", "lander", "orbiter")
    for novelty in ("first", "repeat")
)
LAUNCHED, WAITING, CANCELLED, UNDATED, STATED_LATE = (
    "launched",
    "waiting",
    "cancelled",
    "undated",
    "stated after launch",
)


@dataclass(frozen=True)
class Case:
    """One statement as the model reads it: class, horizon and outcome in months."""

    mission: str
    source: str
    class_key: str
    known: float  # month number the statement was known by
    start: float  # month number the planned window opens (the statement day if NLT)
    end: float  # month number the planned window closes
    outcome: str
    actual: float | None  # the launch month number, for a launched mission
    elapsed: float | None  # months from the statement to the day of the data

    @property
    def horizon(self) -> float:
        return max(self.end - self.known, MIN_HORIZON_MONTHS)

    @property
    def informative(self) -> bool:
        """Return whether the case holds evidence: a launch, or an overdue wait."""
        if self.outcome == LAUNCHED:
            return True
        return (
            self.outcome == WAITING
            and self.elapsed is not None
            and self.known + self.elapsed > self.end
        )

    @property
    def log_growth(self) -> float:
        """Return log growth (launched) or its lower bound (waiting)."""
        taken = (self.actual - self.known) if self.actual is not None else self.elapsed
        assert taken is not None
        return math.log(max(taken, 1e-3) / self.horizon)

    @property
    def slip(self) -> float:
        """Return months after the window's end (its lower bound while waiting)."""
        if self.actual is not None:
            return self.actual - self.end
        assert self.elapsed is not None
        return self.known + self.elapsed - self.end


def launch_month(window: Window) -> float:
    """Return a launch's month number: the middle of its recorded period."""
    return (window.start_month + window.end_month) / 2


def cases(
    statements: Iterable[PlanStatementRecord],
    fleet: Iterable[PlanItem],
    links: Iterable[Dependency],
    as_of: dt.date,
) -> list[Case]:
    """Return every statement as a case, with its outcome as known on ``as_of``."""
    novelty = Novelty(fleet, links)
    now = month_number(as_of)
    found = []
    for statement in statements:
        item = statement.item
        known = month_number(statement.known_on + dt.timedelta(days=1))
        window = statement.planned
        start = known if window.open_start else max(window.start_month, known)
        actual = None
        if item.is_cancelled:
            outcome = CANCELLED
        elif item.launched is not None:
            actual = launch_month(item.launched)
            outcome = LAUNCHED if actual > known else STATED_LATE
        elif item.has_flown:
            outcome = UNDATED
        else:
            outcome = WAITING
        found.append(
            Case(
                mission=statement.mission,
                source=statement.source,
                class_key=(
                    f"{vehicle_class(item)}/{novelty.of(item, statement.known_on)}"
                ),
                known=known,
                start=min(start, window.end_month),
                end=window.end_month,
                outcome=outcome,
                actual=actual,
                elapsed=now - known if outcome == WAITING and now > known else None,
            )
        )
    return found


def _phi(z: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    return result


def _cdf(z: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = 1.0 - np.exp(log_normal_sf(z))
    return result


@dataclass(frozen=True)
class ClassEffect:
    """A class's own mean, its pooled (shrunk) effect and the cases behind it."""

    key: str
    cases: int
    launched: int
    waiting: int
    missions: int
    own_mean: float | None
    effect: float
    variance: float
    weight_own: float
    largest_slip: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "class": self.key,
            "cases": self.cases,
            "launched": self.launched,
            "waiting": self.waiting,
            "missions": self.missions,
            "own_mean_log_growth": None
            if self.own_mean is None
            else round(self.own_mean, 4),
            "pooled_log_growth": round(self.effect, 4),
            "median_growth": round(math.exp(self.effect), 3),
            "weight_of_own_mean": round(self.weight_own, 3),
            "largest_slip_months": None
            if self.largest_slip is None
            else round(self.largest_slip, 1),
        }


@dataclass(frozen=True)
class GrowthModel:
    """The fitted model: class effects, horizon slope and spread."""

    classes: dict[str, ClassEffect]
    slope: float
    mean_log_horizon: float
    sigma: float
    overall: float
    between_variance: float
    overall_variance: float
    cases: int = 0
    excluded: dict[str, int] = field(default_factory=dict)

    def effect(self, key: str) -> tuple[float, float]:
        """Return the class's effect and its variance (the overall mean if unseen)."""
        found = self.classes.get(key)
        if found is None:
            return self.overall, self.between_variance + self.overall_variance
        return found.effect, found.variance

    def location(self, key: str, horizon: float) -> tuple[float, float]:
        """Return the predictive mean and spread of log growth at ``horizon``."""
        effect, variance = self.effect(key)
        mean = effect + self.slope * (math.log(horizon) - self.mean_log_horizon)
        return mean, math.sqrt(self.sigma**2 + variance)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "excluded": self.excluded,
            "overall_log_growth": round(self.overall, 4),
            "overall_median_growth": round(math.exp(self.overall), 3),
            "between_class_sd": round(math.sqrt(self.between_variance), 4),
            "within_sd": round(self.sigma, 4),
            "horizon_slope": round(self.slope, 4),
            "classes": [entry.as_dict() for entry in self.classes.values()],
        }


class FitError(ValueError):
    """Too few informative statements to fit the model."""


def fit(found: Sequence[Case]) -> GrowthModel:
    """Return the model fitted on the informative cases (launched or overdue)."""
    used = [case for case in found if case.informative]
    excluded = Counter(case.outcome for case in found if not case.informative)
    if sum(1 for case in used if case.outcome == LAUNCHED) < 2:
        raise FitError("fewer than two launched statements to fit on")
    keys = sorted({case.class_key for case in used})
    group = np.array([keys.index(case.class_key) for case in used])
    value = np.array([case.log_growth for case in used])
    censored = np.array([case.outcome == WAITING for case in used])
    x = np.log(np.array([case.horizon for case in used]))
    x_mean = float(x.mean())
    x = x - x_mean
    count = np.bincount(group, minlength=len(keys)).astype(float)
    effect = np.full(len(keys), float(value.mean()))
    slope, sigma = 0.0, max(float(value.std()), 0.5)
    overall, tau2, overall_variance = float(value.mean()), 0.0, 0.0
    own = effect.copy()
    se2 = np.ones(len(keys))
    for _round in range(EM_ROUNDS):
        mean = effect[group] + slope * x
        filled, extra = value.copy(), np.zeros_like(value)
        if censored.any():
            z = (value[censored] - mean[censored]) / sigma
            hazard = _phi(z) / np.maximum(np.exp(log_normal_sf(z)), 1e-300)
            filled[censored] = mean[censored] + sigma * hazard
            extra[censored] = sigma**2 * np.maximum(1 + z * hazard - hazard**2, 0.0)
        residual = filled - effect[group]
        # The horizon slope within classes, once at least six cases spread it.
        if len(x) >= 6 and float((x**2).sum()) > 1e-9:
            centred = x - (np.bincount(group, x, len(keys)) / count)[group]
            slope = float((centred * residual).sum() / (centred**2).sum())
        adjusted = filled - slope * x
        own = np.bincount(group, adjusted, len(keys)) / count
        spread = adjusted - own[group]
        sigma = max(
            math.sqrt(float(((spread**2).sum() + extra.sum()) / len(value))), MIN_SIGMA
        )
        se2 = sigma**2 / count
        overall, tau2, overall_variance = _random_effects(own, se2)
        shrink = se2 / (se2 + tau2)
        effect = shrink * overall + (1 - shrink) * own
    shrink = se2 / (se2 + tau2)
    variance = (1 - shrink) * se2 + shrink**2 * overall_variance
    classes = {}
    for index, key in enumerate(keys):
        members = [case for case in used if case.class_key == key]
        outcomes = Counter(case.outcome for case in members)
        classes[key] = ClassEffect(
            key=key,
            cases=len(members),
            launched=outcomes[LAUNCHED],
            waiting=outcomes[WAITING],
            missions=len({case.mission for case in members}),
            own_mean=float(own[index]),
            effect=float(effect[index]),
            variance=float(variance[index]),
            weight_own=float(1 - shrink[index]),
            largest_slip=max(case.slip for case in members),
        )
    return GrowthModel(
        classes=classes,
        slope=slope,
        mean_log_horizon=x_mean,
        sigma=sigma,
        overall=overall,
        between_variance=tau2,
        overall_variance=overall_variance,
        cases=len(used),
        excluded=dict(excluded),
    )


def _random_effects(
    means: NDArray[np.float64], se2: NDArray[np.float64]
) -> tuple[float, float, float]:
    """Return the DerSimonian-Laird overall mean, between variance, its variance."""
    weight = 1 / se2
    pooled = float((weight * means).sum() / weight.sum())
    if len(means) < 2:
        return pooled, 0.0, float(1 / weight.sum())
    q = float((weight * (means - pooled) ** 2).sum())
    scale = float(weight.sum() - (weight**2).sum() / weight.sum())
    tau2 = max(0.0, (q - (len(means) - 1)) / scale) if scale > 0 else 0.0
    total = 1 / (se2 + tau2)
    return float((total * means).sum() / total.sum()), tau2, float(1 / total.sum())


# The quantile levels the scores integrate over (midpoints of 200 equal slices).
LEVELS = (np.arange(200) + 0.5) / 200


@dataclass(frozen=True)
class Distribution:
    """A launch-date forecast as a quantile function over month numbers."""

    kind: str
    known: float
    horizon: float
    mean: float = 0.0
    sigma: float = 0.0
    start: float = 0.0
    end: float = 0.0
    after: float = -math.inf

    def quantiles(self, levels: NDArray[np.float64]) -> NDArray[np.float64]:
        """Return the month numbers at the given probability levels."""
        levels = np.asarray(levels, dtype=float)
        if self.kind == "growth":
            floor = 0.0
            if self.after > self.known:
                bound = math.log((self.after - self.known) / self.horizon)
                floor = float(_cdf(np.array([(bound - self.mean) / self.sigma]))[0])
            z = normal_ppf(floor + levels * (1 - floor))
            result: NDArray[np.float64] = self.known + self.horizon * np.exp(
                self.mean + self.sigma * z
            )
            return result
        start = max(self.start, min(self.after, self.end))
        uniform: NDArray[np.float64] = start + levels * (self.end - start)
        return uniform

    def quantile(self, level: float) -> float:
        return float(self.quantiles(np.array([level]))[0])


def growth_forecast(
    model: GrowthModel, case: Case, after: float = -math.inf
) -> Distribution:
    """Return the model's forecast for a statement, given no launch before ``after``."""
    mean, sigma = model.location(case.class_key, case.horizon)
    return Distribution(
        "growth", case.known, case.horizon, mean=mean, sigma=sigma, after=after
    )


def plan_forecast(case: Case, shift: float = 0.0) -> Distribution:
    """Return the plan as stated (uniform over its window), moved by ``shift``."""
    return Distribution(
        "plan", case.known, case.horizon, start=case.start + shift, end=case.end + shift
    )


def crps(distribution: Distribution, outcome: float) -> float:
    """Return the continuous ranked probability score in months (lower is better).

    Twice the mean quantile (pinball) loss over 200 levels: exact for a point, and
    within a fraction of a percent for the uniform and log-normal forecasts here.
    """
    values = distribution.quantiles(LEVELS)
    below = (outcome < values).astype(float)
    return float(2 * np.mean((below - LEVELS) * (values - outcome)))


def median_slip(found: Iterable[Case]) -> float:
    """Return the median months after the window's end among informative cases.

    A mission still waiting counts at the time it has waited so far (a lower bound),
    so the median errs on the early side when many are still waiting.
    """
    slips = [case.slip for case in found if case.informative]
    return float(np.median(slips)) if slips else 0.0
