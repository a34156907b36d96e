"""A map of the Moon's south polar region with landing sites, in polar projection.

Azimuthal equidistant projection centred on the south pole: the distance from the
centre is the angular distance from the pole; 0° is at the top and 90° E to the
right, as on the usual south polar maps. The map reaches as far north as its
northernmost site (to the next 10° ring, at least 70° S), so it is always centred
on the pole and as large as its sites allow.

Labels never overlap: each site's name is tried at places around its marker, then
further out with a leader line; a name that finds no free place is replaced by a
number, and the legend below the map gives the number's name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ger.charts.metrics import FONT_FAMILY, Box, text_box
from ger.charts.svg import attribute, document, text

KIND_STYLES = {
    "actual": ('fill="#1b7f5a" stroke="#0e4431"', "circle"),
    "planned": ('fill="#ffffff" stroke="#1f5fa8" stroke-width="2"', "circle"),
    "reference": ('fill="none" stroke="#b07a00" stroke-width="2"', "cross"),
}
LABEL_SIZE = 11
GRID_SIZE = 10
MARKER = 5.5
LEGEND_LINE = 16
# Where a label may go, as (dx, dy, anchor) from the marker: beside it first, then
# further out in eight directions (with a leader line).
_NEAR = [(9, 4, "start"), (-9, 4, "end"), (0, -10, "middle"), (0, 17, "middle")]
_DIRECTIONS = [(1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)]


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


def map_limit(sites: list[Site]) -> float:
    """Return the latitude of the map's edge: the ring beyond the northernmost site."""
    northernmost = max((site.latitude for site in sites), default=-80.0)
    limit = math.floor(northernmost / 10 + 1e-9) * 10 + 10
    return float(min(max(limit, -70), 0))


def on_map(sites: list[Site]) -> list[Site]:
    """Return the sites a south polar map can show: those of the southern hemisphere."""
    return [site for site in sites if site.latitude < 0]


def render_south_pole(sites: list[Site], size: int = 560) -> str:
    """Return the southern-hemisphere sites on a polar map as SVG, every one shown."""
    shown = sorted(on_map(sites), key=lambda s: (s.latitude, s.longitude, s.name))
    drawing = _PolarMap(size, map_limit(shown))
    drawing.draw_grid()
    numbered = drawing.draw_sites(shown)
    height = drawing.draw_legend(numbered)
    description = _("%(count)d sites south of %(limit)d°S: %(names)s") % {
        "count": len(shown),
        "limit": abs(drawing.limit_latitude),
        "names": "; ".join(site.name for site in shown),
    }
    return document(
        size,
        height,
        _("Lunar south polar region: landing sites"),
        description,
        drawing.body,
        css_class="chart polar-map",
    )


class _PolarMap:
    """A map being drawn: its projection, its SVG parts and the room they take."""

    def __init__(self, size: int, limit_latitude: float) -> None:
        self.size = size
        self.limit_latitude = limit_latitude
        self.centre = size / 2
        self.radius = size / 2 - 40
        self.reach = 90 + limit_latitude  # degrees from the pole to the map's edge
        self.frame = Box(2, 2, size - 2, size - 2)
        self.taken: list[Box] = []
        centre, radius = self.centre, self.radius
        self.body = [
            f"<style>.pm-grid,.pm-label{{font-family:{FONT_FAMILY}}}.pm-grid{{font-size:"
            f"{GRID_SIZE}px;fill:#5b6675}}.pm-label{{font-size:{LABEL_SIZE}px;fill:#1b2330}}"
            "a:hover text,a:focus text{text-decoration:underline}</style>",
            (
                f'<circle cx="{centre}" cy="{centre}" r="{radius}" fill="#eceff3" '
                'stroke="#9aa5b1"/>'
            ),
        ]

    def project(self, latitude: float, longitude: float) -> tuple[float, float]:
        distance = (90 + latitude) / self.reach * self.radius
        angle = math.radians(longitude)
        return (
            self.centre + distance * math.sin(angle),
            self.centre - distance * math.cos(angle),
        )

    def grid_label(self, label: str, x: float, y: float, anchor: str) -> None:
        self.taken.append(text_box(label, x, y, GRID_SIZE, anchor))
        self.body.append(
            f'<text class="pm-grid" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">'
            f"{text(label)}</text>"
        )

    def draw_grid(self) -> None:
        """Draw the latitude rings, the meridians and their labels."""
        centre, radius, reach = self.centre, self.radius, self.reach
        step = 10 if reach > 20 else 5
        rings = range(int(self.limit_latitude) - step, -89, -step)
        for ring in rings:
            r = (90 + ring) / reach * radius
            self.body.append(
                f'<circle cx="{centre}" cy="{centre}" r="{r:.1f}" fill="none" '
                'stroke="#c5ccd4" stroke-dasharray="3 3"/>'
            )
        for longitude in range(0, 360, 30):
            x, y = self.project(self.limit_latitude, longitude)
            self.body.append(
                f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" '
                'stroke="#c5ccd4"/>'
            )
            angle = math.radians(longitude)
            lx = centre + (radius + 16) * math.sin(angle)
            ly = centre - (radius + 16) * math.cos(angle) + 4
            label = f"{longitude}°E" if longitude <= 180 else f"{360 - longitude}°W"
            if longitude in (0, 180):
                label = f"{longitude}°"
            self.grid_label(label, lx, ly, "middle")
        # Ring labels along the 15°E meridian's right, clear of the 0° line.
        for ring in rings:
            r = (90 + ring) / reach * radius
            self.grid_label(f"{abs(ring)}°S", centre + 3, centre - r - 2, "start")
        self.grid_label(_("south pole"), centre + 3, centre + 13, "start")

    def draw_sites(self, shown: list[Site]) -> list[tuple[int, Site]]:
        """Draw each site with its name; return the sites numbered for lack of room."""
        points = [self.project(site.latitude, site.longitude) for site in shown]
        self.taken.extend(
            Box(x - MARKER - 1, y - MARKER - 1, x + MARKER + 1, y + MARKER + 1)
            for x, y in points
        )
        numbered: list[tuple[int, Site]] = []
        for site, (x, y) in zip(shown, points, strict=True):
            placed = _place(site.name, x, y, self.taken, self.frame)
            if placed is None:
                number = str(len(numbered) + 1)
                placed = _place(number, x, y, self.taken, self.frame)
                numbered.append((len(numbered) + 1, site))
                label = number
            else:
                label = site.name
            label_svg = ""
            if placed is not None:
                label_svg = self.place_label(label, x, y, placed)
            tooltip = _tooltip(site)
            self.body.append(
                f"<a href={attribute(site.url)} "
                f"aria-label={attribute(tooltip)}><title>{text(tooltip)}</title>"
                f"{_marker(site, x, y)}{label_svg}</a>"
            )
        return numbered

    def place_label(
        self, label: str, x: float, y: float, placed: tuple[float, float, str, Box]
    ) -> str:
        """Take the room of a label, draw its leader line if far, return its SVG."""
        lx, ly, anchor, box = placed
        self.taken.append(box)
        if math.hypot((box.x0 + box.x1) / 2 - x, (box.y0 + box.y1) / 2 - y) > 24:
            ex, ey = _nearest_point(box, x, y)
            self.body.append(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" '
                'stroke="#5b6675" stroke-width="0.8"/>'
            )
        return (
            f'<text class="pm-label" x="{lx:.1f}" y="{ly:.1f}" '
            f'text-anchor="{anchor}">{text(label)}</text>'
        )

    def draw_legend(self, numbered: list[tuple[int, Site]]) -> int:
        """Draw the names of the numbered sites below the map; return the height."""
        height = self.size
        for row, (index, listed) in enumerate(numbered):
            top = self.size + 4 + row * LEGEND_LINE
            self.body.append(
                f'<text class="pm-label" x="20" y="{top + 11}">{index}: {text(listed.name)}</text>'
            )
            height = int(top + LEGEND_LINE)
        return height


def _marker(site: Site, x: float, y: float) -> str:
    style, shape = KIND_STYLES.get(site.kind, KIND_STYLES["planned"])
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" {style}/>'
    return (
        f'<path d="M{x - 5:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 5:.1f} M{x - 5:.1f} {y + 5:.1f} '
        f'L{x + 5:.1f} {y - 5:.1f}" {style}/>'
    )


def _tooltip(site: Site) -> str:
    coordinates = (
        f"{abs(site.latitude):.2f}°S {abs(site.longitude):.2f}°"
        f"{'E' if site.longitude >= 0 else 'W'}"
    )
    note = f" ({_('uncertain')})" if site.uncertain else ""
    return f"{site.name}: {coordinates}, {site.kind_label}{note}"


def _place(
    label: str, x: float, y: float, taken: list[Box], frame: Box
) -> tuple[float, float, str, Box] | None:
    """Return where ``label`` goes near (x, y) without touching anything placed."""
    candidates: list[tuple[float, float, str]] = list(_NEAR)
    for distance in (22, 36, 52, 70):
        for across, down in _DIRECTIONS:
            anchor = "start" if across > 0 else "end" if across < 0 else "middle"
            candidates.append((across * distance, down * distance * 0.8 + 4, anchor))
    for dx, dy, anchor in candidates:
        box = text_box(label, x + dx, y + dy, LABEL_SIZE, anchor)
        if box.inside(frame) and not any(box.overlaps(other, 1.5) for other in taken):
            return x + dx, y + dy, anchor, box
    return None


def _nearest_point(box: Box, x: float, y: float) -> tuple[float, float]:
    """Return the point of ``box`` nearest to (x, y), where a leader line ends."""
    return min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)
