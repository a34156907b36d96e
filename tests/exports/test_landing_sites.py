"""The GeoJSON of lunar landing sites: valid per RFC 7946, and plainly on the Moon."""

from __future__ import annotations

import json
import math
from typing import Any

from ger.plans.filters import destination_with_descendants
from ger.plans.models import Mission

GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def position_problems(position: Any, where: str) -> list[str]:
    if not isinstance(position, list) or not 2 <= len(position) <= 3:
        return [f"{where}: a position is an array of 2 or 3 numbers"]
    if not all(
        isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n)
        for n in position
    ):
        return [f"{where}: a position holds finite numbers only"]
    longitude, latitude = position[0], position[1]
    problems = []
    if not -180 <= longitude <= 180:
        problems.append(f"{where}: longitude {longitude} outside -180..180")
    if not -90 <= latitude <= 90:
        problems.append(f"{where}: latitude {latitude} outside -90..90")
    return problems


def geometry_problems(geometry: Any, where: str) -> list[str]:
    if geometry is None:
        return []
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        return [f"{where}: geometry needs a known type"]
    if geometry["type"] == "Point":
        return position_problems(geometry.get("coordinates"), where)
    if geometry["type"] == "MultiPoint":
        return [
            problem
            for position in geometry.get("coordinates", [])
            for problem in position_problems(position, where)
        ]
    return [f"{where}: this validator checks points only"]


def geojson_problems(document: Any) -> list[str]:
    """Return what makes ``document`` an invalid RFC 7946 FeatureCollection."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return ["the top level is a FeatureCollection object"]
    features = document.get("features")
    if not isinstance(features, list):
        return ["a FeatureCollection has a 'features' array"]
    problems, ids = [], []
    for number, feature in enumerate(features):
        where = f"feature {number}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(f"{where}: type is Feature")
            continue
        if "geometry" not in feature or "properties" not in feature:
            problems.append(f"{where}: needs 'geometry' and 'properties' members")
        if not (
            feature.get("properties") is None or isinstance(feature["properties"], dict)
        ):
            problems.append(f"{where}: properties is an object or null")
        if "id" in feature:
            if not isinstance(feature["id"], str | int | float):
                problems.append(f"{where}: id is a string or a number")
            ids.append(feature["id"])
        problems += geometry_problems(feature.get("geometry"), where)
    if len(ids) != len(set(ids)):
        problems.append("feature ids are unique")
    return problems


def test_the_validator_catches_what_rfc_7946_forbids():
    bad = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [200, 0]},
                "properties": {},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": ["0", 0]},
                "properties": {},
            },
            {"type": "Feature", "properties": {}},
        ],
    }
    assert len(geojson_problems(bad)) == 3


def test_the_landing_sites_are_valid_geojson_on_the_moon(client, seeded):
    response = client.get("/exports/landing-sites.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    document = json.loads(response.content)
    assert geojson_problems(document) == []
    assert document["crs"] == {"type": "name", "properties": {"name": "IAU_2015:30100"}}
    system = document["coordinate_system"]
    assert system["body"] == "Moon"
    assert system["mean_radius_km"] == 1737.4
    assert "Mean Earth/Polar Axis" in system["reference_frame"]
    assert "not WGS 84" in system["description"]


def test_each_feature_is_a_point_in_longitude_latitude_order(client, seeded):
    document = json.loads(client.get("/exports/landing-sites.geojson").content)
    features = {f["id"]: f for f in document["features"]}
    lunar = destination_with_descendants(["lunar-surface"])
    expected = Mission.objects.filter(
        site_latitude__isnull=False, destination__slug__in=lunar
    )
    assert set(features) == {m.slug for m in expected}
    chandrayaan = features["chandrayaan-3"]
    assert chandrayaan["geometry"]["coordinates"] == [32.319, -69.373]
    properties = chandrayaan["properties"]
    assert properties["site_name"] == "Statio Shiv Shakti"
    assert properties["site_kind"] == "actual"
    assert properties["launch"] == "2023-07-14"
    assert properties["launch_precision"] == "day"
    assert features["viper"]["properties"]["site_kind"] == "reference"


def test_missions_without_published_coordinates_are_left_out(client, seeded):
    document = json.loads(client.get("/exports/landing-sites.geojson").content)
    ids = {f["id"] for f in document["features"]}
    assert "im-2" not in ids  # "no published coordinates"
    assert "lupex" not in ids


def test_the_sites_follow_the_mission_filters(client, seeded):
    document = json.loads(
        client.get("/exports/landing-sites.geojson?agency=CNSA").content
    )
    ids = {f["id"] for f in document["features"]}
    assert ids
    assert all(i.startswith("chang-e") for i in ids)
    assert client.get("/exports/landing-sites.geojson?crewed=maybe").status_code == 400
