"""Which lunar sites lie within a distance of each other, fast at any number of sites.

Distances are great-circle (haversine) on a sphere of the Moon's mean radius. The
search sorts the sites by latitude and compares each block of ``CHUNK`` sites with
the band of latitudes the threshold can reach, so it never builds the full matrix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

MOON_RADIUS_KM = 1737.4
CHUNK = 256


def great_circle_km(
    latitude_a: float,
    longitude_a: float,
    latitude_b: float,
    longitude_b: float,
    radius_km: float = MOON_RADIUS_KM,
) -> float:
    """Return the great-circle distance between two points in degrees."""
    phi_a, phi_b = math.radians(latitude_a), math.radians(latitude_b)
    half_dphi = (phi_b - phi_a) / 2
    half_dlambda = math.radians(longitude_b - longitude_a) / 2
    h = (
        math.sin(half_dphi) ** 2
        + math.cos(phi_a) * math.cos(phi_b) * math.sin(half_dlambda) ** 2
    )
    return 2 * radius_km * math.asin(min(1.0, math.sqrt(h)))


def _distances(
    phi_a: NDArray[np.float64],
    lam_a: NDArray[np.float64],
    phi_b: NDArray[np.float64],
    lam_b: NDArray[np.float64],
) -> NDArray[np.float64]:
    h = (
        np.sin((phi_b[None, :] - phi_a[:, None]) / 2) ** 2
        + np.cos(phi_a[:, None])
        * np.cos(phi_b[None, :])
        * np.sin((lam_b[None, :] - lam_a[:, None]) / 2) ** 2
    )
    result: NDArray[np.float64] = (
        2 * MOON_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    )
    return result


@dataclass(frozen=True)
class PairSearch:
    """The nearest close pairs (flagged first) and how many there are in all."""

    pairs: list[tuple[int, int, float, bool]]
    close: int
    flagged: int


def close_pairs(
    latitudes: NDArray[np.float64],
    longitudes: NDArray[np.float64],
    starts: NDArray[np.float64],
    ends: NDArray[np.float64],
    threshold_km: float,
    limit: int,
) -> PairSearch:
    """Return the pairs of sites closer than ``threshold_km``, flagged first."""
    if len(latitudes) < 2:
        return PairSearch([], 0, 0)
    # Sort by latitude: a pair within the threshold differs in latitude by at
    # most the threshold's angle, so each row is compared with a band only.
    order = np.argsort(latitudes, kind="stable")
    phi, lam = np.radians(latitudes[order]), np.radians(longitudes[order])
    start, end = starts[order], ends[order]
    reach = threshold_km / MOON_RADIUS_KM
    close = flagged = 0
    kept: list[tuple[NDArray[Any], ...]] = []
    for begin in range(0, len(phi), CHUNK):
        stop = min(begin + CHUNK, len(phi))
        last = int(np.searchsorted(phi, phi[stop - 1] + reach, side="right"))
        block = _distances(
            phi[begin:stop], lam[begin:stop], phi[begin:last], lam[begin:last]
        )
        rows, columns = np.nonzero(block <= threshold_km)
        i, j = rows + begin, columns + begin
        later = j > i
        i, j = i[later], j[later]
        distance = block[rows[later], columns[later]]
        # NaN (an unknown period) compares false, so it never overlaps.
        overlapping = (start[i] <= end[j]) & (start[j] <= end[i])
        close += len(i)
        flagged += int(overlapping.sum())
        kept.append(_nearest(i, j, distance, overlapping, limit))
    i, j, distance, overlapping = (
        np.concatenate(part) for part in zip(*kept, strict=True)
    )
    chosen = np.lexsort((distance, ~overlapping))[:limit]
    pairs = []
    for index in chosen.tolist():
        a, b = int(order[i[index]]), int(order[j[index]])
        pairs.append(
            (min(a, b), max(a, b), float(distance[index]), bool(overlapping[index]))
        )
    return PairSearch(pairs, close, flagged)


def _nearest(
    i: NDArray[Any],
    j: NDArray[Any],
    distance: NDArray[np.float64],
    overlapping: NDArray[np.bool_],
    limit: int,
) -> tuple[NDArray[Any], ...]:
    """Return at most ``limit`` flagged and ``limit`` other pairs, the nearest."""
    keep = []
    for mask in (overlapping, ~overlapping):
        index = np.flatnonzero(mask)
        if len(index) > limit:
            index = index[np.argpartition(distance[index], limit - 1)[:limit]]
        keep.append(index)
    chosen = np.concatenate(keep)
    return i[chosen], j[chosen], distance[chosen], overlapping[chosen]
