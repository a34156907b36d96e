"""Datasette as an ASGI app for several uvicorn worker processes (bench/read_path).

``datasette serve`` runs one process; this lets the benchmark also try Datasette
with one worker process per CPU, and keep whichever configuration is faster.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from datasette.app import Datasette

_datasette = Datasette(
    immutables=[os.environ["GER_BENCH_DATASETTE_DB"]],
    metadata=json.loads(Path(os.environ["GER_BENCH_DATASETTE_METADATA"]).read_text()),
    settings=json.loads(os.environ["GER_BENCH_DATASETTE_SETTINGS"]),
)
_app = _datasette.app()
_started = False


async def app(scope: Any, receive: Any, send: Any) -> None:
    """Datasette's ASGI app, started (as ``datasette serve`` does) on first use."""
    global _started
    if not _started:
        await _datasette.invoke_startup()
        _started = True
    await _app(scope, receive, send)
