"""The pages link to the exports, and every link answers with its file."""

from __future__ import annotations

import re

import pytest


def links(html: str, pattern: str) -> list[str]:
    return [
        href.replace("&amp;", "&")
        for href in re.findall(r'href="([^"]+)"', html)
        if re.search(pattern, href)
    ]


@pytest.mark.parametrize("slug", ["2022-supplement", "current"])
def test_an_edition_page_links_to_each_download_and_each_works(client, seeded, slug):
    html = client.get(f"/editions/{slug}/").content.decode()
    found = links(html, rf"^/editions/{slug}/export/")
    assert {href.rsplit("/", 1)[1] for href in found} == {
        "missions.csv",
        "missions.json",
        "datapackage.zip",
        "missions.ics",
        "roadmap.xml",
    }
    for href in found:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response.content


def test_the_mission_list_links_its_filtered_launch_calendar(client, seeded):
    html = client.get("/missions/?agency=ESA&crewed=true").content.decode()
    [href] = links(html, r"^/exports/missions\.ics")
    assert "agency=ESA" in href
    assert "crewed=true" in href
    response = client.get(href)
    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content
