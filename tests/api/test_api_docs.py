"""The API docs page: the OpenAPI document is built once, the page fetches it."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from ninja.openapi import schema as ninja_schema

from ger.api.api import api

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_built_once_and_then_served_as_kept(client):
    api.__dict__.pop("_schemas", None)
    # ninja's views reach the module-level get_schema through the API object.
    with mock.patch("ninja.main.get_schema", wraps=ninja_schema.get_schema) as build:
        first = client.get("/api/v1/openapi.json")
        second = client.get("/api/v1/openapi.json")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert build.call_count == 1
    assert "/api/v1/missions" in first.json()["paths"]


def test_the_docs_page_loads_the_document_lazily_with_operations_folded(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    body = page.content.decode()
    settings_json = body.split('id="swagger-settings">', 1)[1].split("</script>")[0]
    settings = json.loads(settings_json)
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["docExpansion"] == "none"
    assert settings["defaultModelsExpandDepth"] == -1
    # The page itself carries no schema: it stays small whatever the API grows to.
    assert len(page.content) < 4000
