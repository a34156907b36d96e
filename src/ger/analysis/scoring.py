"""Forecast distributions of a launch date, the plan baselines, and their score.

A forecast is a quantile function over month numbers: the growth model's (a
log-normal schedule growth, ``forecast.py``) or a plan's (uniform over its window,
moved by a slip). The continuous ranked probability score compares either with the
launch that happened.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ger.analysis.cases import Case
from ger.analysis.normal import log_normal_sf, normal_ppf


def _cdf(z: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = 1.0 - np.exp(log_normal_sf(z))
    return result


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
