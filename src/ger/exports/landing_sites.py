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


def snapshot_site_features(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the lunar-surface sites an edition states, as GeoJSON features.

    Only the edition's own statements count: a site it does not state is not
    borrowed from the mission's record of today.
    """
    parents = {
        item["slug"]: item.get("parent") for item in snapshot.get("destinations", [])
    }

    def on_the_surface(slug: str | None) -> bool:
        seen = set()
        while slug and slug not in seen:
            if slug == LUNAR_SURFACE:
                return True
            seen.add(slug)
            slug = parents.get(slug)
        return False

    features = []
    for item in snapshot.get("missions", []):
        site = item.get("site")
        if not site or site.get("latitude") is None or site.get("longitude") is None:
            continue
        if not on_the_surface(item.get("destination")):
            continue
        features.append(
            {
                "type": "Feature",
                "id": item["slug"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [site["longitude"], site["latitude"]],
                },
                "properties": {
                    "slug": item["slug"],
                    "name": item.get("name") or item["slug"],
                    "lead": item.get("lead"),
                    "destination": item.get("destination"),
                    "status": item.get("status"),
                    "site_name": site.get("name") or "",
                    "site_kind": site.get("kind") or None,
                    "launch": item.get("planned_launch"),
                    "known_since": item.get("known_since"),
                },
            }
        )
    return features


def render_landing_sites(missions: Iterable[Mission], filename: str) -> Rendered:
    """Render the missions' landing sites as a GeoJSON FeatureCollection."""
    return render_site_features(
        [site_feature(mission) for mission in missions], filename
    )


def render_site_features(features: list[dict[str, Any]], filename: str) -> Rendered:
    """Render landing-site features as a GeoJSON FeatureCollection on the Moon."""
    document = {
        "type": "FeatureCollection",
        "name": _("Lunar landing sites"),
        "crs": {"type": "name", "properties": {"name": MOON_CRS_NAME}},
        "coordinate_system": coordinate_system(),
        "features": features,
    }
    rendered = render_json(filename, document)
    return Rendered(rendered.filename, MEDIA_TYPE, rendered.content)
