"""Hand-made plan items and portfolios for the analysis tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ger.analysis.model import (
    Dependency,
    ObjectiveInfo,
    ObjectiveLink,
    PlanItem,
    Portfolio,
    Site,
    Window,
)

AS_OF = dt.date(2026, 11, 26)
PATHS = {
    "lunar-south-pole": ("lunar-surface", "lunar-south-pole"),
    "lunar-surface": ("lunar-surface",),
    "lunar-orbit": ("lunar-orbit",),
    "nrho": ("cislunar", "nrho"),
}


def item(
    slug: str,
    planned: str | None = "2028",
    launched: str | None = None,
    lead: str = "NASA",
    destination: str = "lunar-orbit",
    objectives: tuple[str, ...] = (),
    site: tuple[float, float] | None = None,
    **fields: Any,
) -> PlanItem:
    """Return a plan item; dates are written as in GER ("2028", "2027-Q3")."""
    return PlanItem(
        slug=slug,
        name=fields.pop("name", slug.replace("-", " ").title()),
        lead=lead,
        destination=destination,
        destination_path=PATHS.get(destination, (destination,)),
        planned=None if planned is None else Window.from_text(planned),
        launched=None if launched is None else Window.from_text(launched),
        objectives=tuple(
            ObjectiveLink(
                code.removesuffix("*"), "editorial" if code.endswith("*") else "stated"
            )
            for code in objectives
        ),
        site=None if site is None else Site(*site),
        **fields,
    )


def portfolio(
    *items: PlanItem,
    links: tuple[tuple[str, str, float], ...] = (),
    objectives: tuple[str, ...] = (),
    as_of: dt.date = AS_OF,
    **fields: Any,
) -> Portfolio:
    """Return a portfolio of the items, linked upstream → downstream with lags."""
    return Portfolio(
        label="test",
        as_of=as_of,
        items=items,
        dependencies=tuple(
            Dependency(up, down, "precursor_pathfinder", lag) for up, down, lag in links
        ),
        objectives=tuple(
            ObjectiveInfo(code, f"Objective {code}") for code in objectives
        ),
        **fields,
    )
