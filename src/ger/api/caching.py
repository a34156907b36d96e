"""JSON responses with ETags, conditional GET and cache lifetimes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import HttpRequest, HttpResponse

CURRENT_PLAN_MAX_AGE = 60
IMMUTABLE = "public, max-age=31536000, immutable"


def json_response(
    request: HttpRequest,
    data: Any,
    etag: str | None = None,
    immutable: bool = False,
    status: int = 200,
) -> HttpResponse:
    """Return ``data`` as JSON with a strong ETag, answering 304 when it matches."""
    body = json.dumps(
        data, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()
    if etag and etag.startswith('"'):
        tag = etag
    else:
        tag = f'"{etag}"' if etag else f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if status == 200 and tag in _listed(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, status=status, content_type="application/json")
    response["ETag"] = tag
    response["Cache-Control"] = (
        IMMUTABLE if immutable else f"public, max-age={CURRENT_PLAN_MAX_AGE}"
    )
    response["Vary"] = "Accept, Authorization"
    return response


def _listed(header: str) -> set[str]:
    return {
        part.strip().removeprefix("W/") for part in header.split(",") if part.strip()
    }
