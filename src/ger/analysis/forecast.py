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

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ger.analysis.cases import LAUNCHED, WAITING, Case
from ger.analysis.normal import log_normal_sf
from ger.analysis.scoring import Distribution

# Fixed before any result was seen; never tuned on one.
MIN_SIGMA = 0.05
EM_ROUNDS = 60
CLASSES = tuple(
    f"{vehicle}/{novelty}"
    for vehicle in ("crewed", "lander", "orbiter")
    for novelty in ("first", "repeat")
)


def _phi(z: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
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
    x = np.log(np.array([case.horizon for case in used]))
    x_mean = float(x.mean())
    estimate = _estimate(
        np.array([keys.index(case.class_key) for case in used]),
        np.array([case.log_growth for case in used]),
        np.array([case.outcome == WAITING for case in used]),
        x - x_mean,
        len(keys),
    )
    return GrowthModel(
        classes=_class_effects(used, keys, estimate),
        slope=estimate.slope,
        mean_log_horizon=x_mean,
        sigma=estimate.sigma,
        overall=estimate.overall,
        between_variance=estimate.tau2,
        overall_variance=estimate.overall_variance,
        cases=len(used),
        excluded=dict(excluded),
    )


@dataclass
class _Estimate:
    """The state of the expectation-maximisation: one value per class, and shared."""

    effect: NDArray[np.float64]
    own: NDArray[np.float64]
    se2: NDArray[np.float64]
    slope: float
    sigma: float
    overall: float
    tau2: float = 0.0
    overall_variance: float = 0.0

    @property
    def shrink(self) -> NDArray[np.float64]:
        """Return how far each class's effect is pulled to the overall mean."""
        result: NDArray[np.float64] = self.se2 / (self.se2 + self.tau2)
        return result


def _filled(
    value: NDArray[np.float64],
    censored: NDArray[np.bool_],
    mean: NDArray[np.float64],
    sigma: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the values with each lower bound replaced by its expectation above it,
    and the variance that replacement adds (Tobin's censored regression)."""
    filled, extra = value.copy(), np.zeros_like(value)
    if censored.any():
        z = (value[censored] - mean[censored]) / sigma
        hazard = _phi(z) / np.maximum(np.exp(log_normal_sf(z)), 1e-300)
        filled[censored] = mean[censored] + sigma * hazard
        extra[censored] = sigma**2 * np.maximum(1 + z * hazard - hazard**2, 0.0)
    return filled, extra


def _estimate(
    group: NDArray[np.int_],
    value: NDArray[np.float64],
    censored: NDArray[np.bool_],
    x: NDArray[np.float64],
    classes: int,
) -> _Estimate:
    """Return the class effects, horizon slope and spread after ``EM_ROUNDS``."""
    count = np.bincount(group, minlength=classes).astype(float)
    start = np.full(classes, float(value.mean()))
    state = _Estimate(
        effect=start,
        own=start.copy(),
        se2=np.ones(classes),
        slope=0.0,
        sigma=max(float(value.std()), 0.5),
        overall=float(value.mean()),
    )
    for _round in range(EM_ROUNDS):
        mean = state.effect[group] + state.slope * x
        filled, extra = _filled(value, censored, mean, state.sigma)
        residual = filled - state.effect[group]
        # The horizon slope within classes, once at least six cases spread it.
        if len(x) >= 6 and float((x**2).sum()) > 1e-9:
            centred = x - (np.bincount(group, x, classes) / count)[group]
            state.slope = float((centred * residual).sum() / (centred**2).sum())
        adjusted = filled - state.slope * x
        state.own = np.bincount(group, adjusted, classes) / count
        spread = adjusted - state.own[group]
        state.sigma = max(
            math.sqrt(float(((spread**2).sum() + extra.sum()) / len(value))), MIN_SIGMA
        )
        state.se2 = state.sigma**2 / count
        state.overall, state.tau2, state.overall_variance = _random_effects(
            state.own, state.se2
        )
        shrink = state.shrink
        state.effect = shrink * state.overall + (1 - shrink) * state.own
    return state


def _class_effects(
    used: Sequence[Case], keys: Sequence[str], estimate: _Estimate
) -> dict[str, ClassEffect]:
    """Return each class's own mean, pooled effect, its variance and its cases."""
    shrink = estimate.shrink
    variance = (1 - shrink) * estimate.se2 + shrink**2 * estimate.overall_variance
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
            own_mean=float(estimate.own[index]),
            effect=float(estimate.effect[index]),
            variance=float(variance[index]),
            weight_own=float(1 - shrink[index]),
            largest_slip=max(case.slip for case in members),
        )
    return classes


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


def growth_forecast(
    model: GrowthModel, case: Case, after: float = -math.inf
) -> Distribution:
    """Return the model's forecast for a statement, given no launch before ``after``."""
    mean, sigma = model.location(case.class_key, case.horizon)
    return Distribution(
        "growth", case.known, case.horizon, mean=mean, sigma=sigma, after=after
    )
