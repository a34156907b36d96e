"""The standard normal tail in vectorised form, so the core needs NumPy only."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

# Chebyshev fit of erfc (Numerical Recipes' erfcc): fractional error below 1.2e-7
# everywhere, so its logarithm stays accurate far into the tail.
_COEFFICIENTS = (
    -1.26551223,
    1.00002368,
    0.37409196,
    0.09678418,
    -0.18628806,
    0.27886807,
    -1.13520398,
    1.48851587,
    -0.82215223,
    0.17087277,
)


def log_normal_sf(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return log P(Z > z) for a standard normal Z, element-wise."""
    x = np.asarray(z, dtype=float) / np.sqrt(2.0)
    magnitude = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * magnitude)
    polynomial = np.zeros_like(t)
    for coefficient in reversed(_COEFFICIENTS[1:]):
        polynomial = t * (coefficient + polynomial)
    log_erfc_magnitude = np.log(t) - magnitude**2 + _COEFFICIENTS[0] + polynomial
    # erfc(-x) = 2 - erfc(x); P(Z > z) = erfc(x) / 2.
    upper = np.where(
        x >= 0,
        log_erfc_magnitude,
        np.log(np.maximum(2.0 - np.exp(log_erfc_magnitude), 1e-300)),
    )
    result: NDArray[np.float64] = upper - np.log(2.0)
    return result


# Acklam's rational approximation of the inverse normal CDF (relative error 1e-9).
_A = (
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.3577518672690,
    -30.66479806614716,
    2.506628277459239,
)
_B = (
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
)
_C = (
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
)
_D = (0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416)
_LOW = 0.02425


def _polynomial(
    coefficients: tuple[float, ...], x: NDArray[np.float64]
) -> NDArray[np.float64]:
    result = np.full_like(x, coefficients[0])
    for coefficient in coefficients[1:]:
        result = result * x + coefficient
    return result


def normal_ppf(p: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return z with P(Z <= z) = p for a standard normal Z, element-wise."""
    p = np.clip(np.asarray(p, dtype=float), 1e-300, 1 - 1e-16)
    result = np.empty_like(p)
    low, high = p < _LOW, p > 1 - _LOW
    middle = ~(low | high)
    q = p[middle] - 0.5
    r = q * q
    result[middle] = _polynomial(_A, r) * q / (_polynomial(_B, r) * r + 1)
    for mask, sign, tail in ((low, 1.0, p[low]), (high, -1.0, 1 - p[high])):
        t = np.sqrt(-2 * np.log(tail))
        result[mask] = sign * _polynomial(_C, t) / (_polynomial(_D, t) * t + 1)
    return result
