"""GeoJSON of lunar landing sites, in selenographic (Moon) coordinates.

RFC 7946 assumes WGS 84 on Earth unless the parties agree otherwise, so the
collection says plainly, in a ``crs`` member and in words, that it is on the Moon.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ger.exports.contract import Rendered, render_json
from ger.plans.filters import destination_with_descendants
from ger.plans.models import Mission

MEDIA_TYPE = "application/geo+json"
LUNAR_SURFACE = "lunar-surface"
# The IAU 2015 Moon sphere (radius 1 737 400 m), planetocentric, as PROJ names it.
MOON_CRS_NAME = "IAU_2015:30100"
MOON_RADIUS_KM = 1737.4


def lunar_sites(missions: QuerySet[Mission]) -> QuerySet[Mission]:
    """Return the missions on the lunar surface that have site coordinates."""
    return missions.filter(
        destination__slug__in=destination_with_descendants([LUNAR_SURFACE]),
        site_latitude__isnull=False,
        site_longitude__isnull=False,
    )


def coordinate_system() -> dict[str, Any]:
    """Return the human-readable statement of the coordinates' reference system."""
    return {
        "body": "Moon",
        "crs": MOON_CRS_NAME,
        "reference_frame": "IAU Mean Earth/Polar Axis",
        "mean_radius_km": MOON_RADIUS_KM,
        "axes": "longitude east positive (-180 to 180), latitude north positive",
        "units": "degrees",
        "description": _(
            "Selenographic coordinates on the Moon (IAU Mean Earth/Polar Axis "
            "frame, sphere of mean radius 1737.4 km), not WGS 84 on Earth: "
            "longitude first, east positive, then latitude."
        ),
    }


def site_feature(mission: Mission) -> dict[str, Any]:
    """Return a mission's landing site as a GeoJSON Point feature."""
    launch = mission.actual_launch or mission.planned_launch
    return {
        "type": "Feature",
        "id": mission.slug,
        "geometry": {
            "type": "Point",
            "coordinates": [mission.site_longitude, mission.site_latitude],
        },
        "properties": {
            "slug": mission.slug,
            "name": mission.name,
            "lead": mission.lead.code,
            "destination": mission.destination.slug,
            "status": mission.status,
            "site_name": mission.site_name,
            "site_kind": mission.site_kind or None,
            "site_uncertain": mission.site_uncertain,
            "site_note": mission.site_note,
            "uncertain": mission.uncertain,
            "launch": str(launch) if launch else None,
            "launch_precision": launch.precision.value if launch else None,
            "launched": mission.actual_launch is not None,
        },
    }


def render_landing_sites(missions: Iterable[Mission], filename: str) -> Rendered:
    """Render the missions' landing sites as a GeoJSON FeatureCollection."""
    document = {
        "type": "FeatureCollection",
        "name": _("Lunar landing sites"),
        "crs": {"type": "name", "properties": {"name": MOON_CRS_NAME}},
        "coordinate_system": coordinate_system(),
        "features": [site_feature(mission) for mission in missions],
    }
    rendered = render_json(filename, document)
    return Rendered(rendered.filename, MEDIA_TYPE, rendered.content)
