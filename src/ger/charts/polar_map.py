"""A map of the Moon's south polar region with landing sites, in polar projection.

Azimuthal equidistant projection centred on the south pole: the distance from the
centre is the angular distance from the pole; 0° is at the top and 90° E to the
right, as on the usual south polar maps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ger.charts.svg import attribute, document, text

KIND_STYLES = {
    "actual": ('fill="#1b7f5a" stroke="#0e4431"', "circle"),
    "planned": ('fill="#ffffff" stroke="#1f5fa8" stroke-width="2"', "circle"),
    "reference": ('fill="none" stroke="#b07a00" stroke-width="2"', "cross"),
}


@dataclass(frozen=True)
class Site:
    """A landing site (or reference feature) to draw."""

    name: str
    url: str
    latitude: float
    longitude: float
    kind: str
    kind_label: str
    uncertain: bool


def render_south_pole(
    sites: list[Site], limit_latitude: float = -60.0, size: int = 560
) -> str:
    """Return the sites south of ``limit_latitude`` on a polar map as SVG."""
    centre = size / 2
    radius = size / 2 - 40
    reach = 90 + limit_latitude  # degrees from the pole to the map's edge

    def project(latitude: float, longitude: float) -> tuple[float, float]:
        distance = (90 + latitude) / reach * radius
        angle = math.radians(longitude)
        return centre + distance * math.sin(angle), centre - distance * math.cos(angle)

    body = [
        "<style>.pm-grid{font:10px sans-serif;fill:#5b6675}.pm-label{font:11px sans-serif;"
        "fill:#1b2330}a:hover text,a:focus text{font-weight:bold}</style>",
        (
            f'<circle cx="{centre}" cy="{centre}" r="{radius}" fill="#eceff3" '
            'stroke="#9aa5b1"/>'
        ),
    ]
    for ring in range(int(limit_latitude) + 10, -89, 10):
        r = (90 + ring) / reach * radius
        body.append(
            f'<circle cx="{centre}" cy="{centre}" r="{r:.1f}" fill="none" '
            'stroke="#c5ccd4" '
            'stroke-dasharray="3 3"/>'
        )
        body.append(
            f'<text class="pm-grid" x="{centre + 3}" y="{centre - r - 2:.1f}">{abs(ring)}°S</text>'
        )
    for longitude in range(0, 360, 30):
        x, y = project(limit_latitude, longitude)
        body.append(
            f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" '
            'stroke="#c5ccd4"/>'
        )
        lx, ly = project(limit_latitude - 4, longitude)
        label = f"{longitude}°E" if longitude <= 180 else f"{360 - longitude}°W"
        body.append(
            f'<text class="pm-grid" x="{lx:.1f}" y="{ly:.1f}" '
            f'text-anchor="middle">{label}</text>'
        )
    # Outside the f-string: xgettext does not read calls inside f-strings.
    pole = text(_("south pole"))
    body.append(
        f'<text class="pm-grid" x="{centre + 3}" y="{centre + 12}">{pole}</text>'
    )
    shown = [s for s in sites if s.latitude <= limit_latitude]
    for site in sorted(shown, key=lambda s: s.latitude):
        x, y = project(site.latitude, site.longitude)
        style, shape = KIND_STYLES.get(site.kind, KIND_STYLES["planned"])
        marker = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" {style}/>'
            if shape == "circle"
            else f'<path d="M{x - 5:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 5:.1f} M{x - 5:.1f} {y + 5:.1f} '
            f'L{x + 5:.1f} {y - 5:.1f}" {style}/>'
        )
        coordinates = f"{abs(site.latitude):.2f}°S {abs(site.longitude):.2f}°{'E' if site.longitude >= 0 else 'W'}"
        note = f" ({_('uncertain')})" if site.uncertain else ""
        tooltip = f"{site.name}: {coordinates}, {site.kind_label}{note}"
        body.append(
            f"<a href={attribute(site.url)} "
            f"aria-label={attribute(tooltip)}><title>{text(tooltip)}</title>"
            f'{marker}<text class="pm-label" x="{x + 8:.1f}" y="{y + 4:.1f}">{text(site.name)}</text>'
            f'<text class="pm-grid" x="{x + 8:.1f}" y="{y + 15:.1f}">{text(coordinates)}</text></a>'
        )
    description = _("%(count)d sites south of %(limit)d°S: %(names)s") % {
        "count": len(shown),
        "limit": abs(limit_latitude),
        "names": "; ".join(site.name for site in shown),
    }
    return document(
        size,
        size,
        _("Lunar south polar region: landing sites"),
        description,
        body,
        css_class="chart polar-map",
    )
