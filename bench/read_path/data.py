"""The data sets measured: built, filled and exported for Datasette."""

from __future__ import annotations

import contextlib
import os
import random
import re
import sqlite3
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from common import BENCH, PYTHON, REDIS_URL, SEARCH_TERMS, SECRET, run


@dataclass
class Dataset:
    key: str  # "real" or the number of synthetic missions
    label: str
    workdir: Path
    sqlite_path: Path = Path()
    export_path: Path = Path()
    edition_slug: str = ""
    edition_code: str = ""
    plans_in_edition: int = 0
    missions: int = 0
    requests: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    sweep: list[str] = field(default_factory=list)
    static_dir: Path | None = None
    static_paths: dict[str, str] = field(default_factory=dict)
    static_note: str = ""

    @property
    def synthetic(self) -> bool:
        return self.key != "real"


def ger_env(var_dir: Path, database_url: str, redis: bool) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URLS"}
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "false",
            "LOG_LEVEL": "WARNING",
            "GER_VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url,
            "GER_BENCH": "true",
            # One address sends all the load: raise the per-address limit (the
            # limiter still counts every request, so its cost is measured).
            "GER_API_ANONYMOUS_RATE": "1000000000/m",
            "GER_API_TOKEN_RATE": "1000000000/m",
            "DJANGO_SETTINGS_MODULE": "ger.settings",
            # bench_urls (the site plus the framework's ceiling) is found here.
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(BENCH / "read_path"), os.environ.get("PYTHONPATH")])
            ),
        }
    )
    if redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def fill(dataset: Dataset, env: dict[str, str]) -> None:
    """Migrate and load the data set into the database ``env`` names."""
    ger = [PYTHON, "-m", "ger"]
    run([*ger, "migrate", "--noinput", "-v0"], env=env)
    if dataset.synthetic:
        run(
            [*ger, "synth", "--missions", dataset.key, "--seed", "1", "--index"],
            env=env,
        )
        run([PYTHON, str(BENCH / "synth_editions.py"), "--seed", "1"], env=env)
    else:
        run([*ger, "seed", "-v0"], env=env)


def export_for_datasette(dataset: Dataset) -> None:
    """Copy the SQLite database to a file with the same public tables (and FTS)."""
    target = dataset.workdir / "ger.db"
    target.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(dataset.sqlite_path)) as source:
        source.execute("VACUUM INTO ?", (str(target),))
    with contextlib.closing(sqlite3.connect(target)) as export:
        private = [
            name
            for (name,) in export.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND ("
                "name LIKE 'auth\\_%' ESCAPE '\\' OR name IN ('django_session', "
                "'django_admin_log', 'registry_apitoken', 'registry_userrole'))"
            )
        ]
        for name in private:
            export.execute(f'DROP TABLE "{name}"')
        export.commit()
        export.execute("VACUUM")
    dataset.export_path = target


def describe(dataset: Dataset) -> None:
    """Choose the requests of each kind, the same for GER and Datasette."""
    db = sqlite3.connect(dataset.export_path)
    rng = random.Random(1)
    dataset.missions = db.execute("SELECT count(*) FROM plans_mission").fetchone()[0]
    agencies = [
        code
        for (code,) in db.execute(
            "SELECT a.code FROM registry_agency a JOIN ("
            " SELECT lead_id AS agency_id FROM plans_mission UNION ALL"
            " SELECT agency_id FROM plans_missionpartner) x ON x.agency_id = a.id"
            " GROUP BY a.code ORDER BY count(*) DESC, a.code LIMIT 8"
        )
    ]
    slugs = [
        slug for (slug,) in db.execute("SELECT slug FROM plans_mission ORDER BY slug")
    ]
    slugs = rng.sample(slugs, min(200, len(slugs)))
    editions = db.execute(
        "SELECT e.slug, e.code, count(p.id) FROM editions_edition e "
        "LEFT JOIN editions_editionplan p ON p.edition_id = e.id "
        "WHERE e.status = 'published' GROUP BY e.id ORDER BY count(p.id) DESC, "
        "e.released_on DESC LIMIT 1"
    ).fetchone()
    if editions is not None:
        dataset.edition_slug, dataset.edition_code, dataset.plans_in_edition = editions
    top_agency_slug = db.execute(
        "SELECT slug FROM registry_agency WHERE code = ?", (agencies[0],)
    ).fetchone()[0]
    other = db.execute(
        "SELECT slug FROM editions_edition WHERE status = 'published' AND slug != ? "
        "ORDER BY released_on DESC LIMIT 1",
        (dataset.edition_slug,),
    ).fetchone()
    db.close()
    quote = urllib.parse.quote
    terms = SEARCH_TERMS["synthetic" if dataset.synthetic else "real"]
    dataset.requests = {
        "list": (
            [f"/api/v1/missions?agency={quote(code)}&limit=50" for code in agencies],
            [
                f"/ger/mission_list.json?agency={quote(code)}&_shape=array"
                for code in agencies
            ],
        ),
        "detail": (
            [f"/api/v1/missions/{slug}" for slug in slugs],
            [f"/ger/mission_detail.json?slug={slug}&_shape=array" for slug in slugs],
        ),
        "search": (
            [f"/search/?q={quote(term)}&format=json" for term in terms],
            [
                f"/ger/search.json?match={quote(fts_match(term))}&_shape=array"
                for term in terms
            ],
        ),
    }
    slug, code = dataset.edition_slug, dataset.edition_code
    first_slug = slugs[0]
    # Lists, endpoints and editions first; then the pages whose cost grows with the
    # data: a page that outlasts the limit keeps a worker busy for a while (until
    # gunicorn's timeout), which would otherwise delay the pages measured after it.
    dataset.sweep = [
        "/api/v1/missions?limit=50",
        f"/api/v1/missions?agency={quote(agencies[0])}&limit=50",
        "/api/v1/missions?status=planned&offset=500&limit=50",
        f"/api/v1/missions/{first_slug}",
        "/api/v1/agencies?limit=50",
        "/api/v1/editions",
        "/",
        "/agencies/",
        "/missions/",
        f"/missions/?agency={quote(agencies[0])}&crewed=false&ordering=-planned",
        "/missions/?page=3&status=planned",
        "/destinations/",
        "/editions/",
        f"/search/?q={quote(terms[1])}",
        "/about/",
    ]
    if slug:
        dataset.sweep += [
            f"/editions/{slug}/",
            f"/editions/{slug}/?format=json",
            f"/api/v1/editions/{code}",
            f"/api/v1/editions/{code}/snapshot",
        ]
    if slug and other:
        dataset.sweep.append(f"/api/v1/editions/{other[0]}/diff/{slug}")
    dataset.sweep += [
        "/api/v1/objectives",
        "/objectives/",
        f"/missions/{first_slug}/",
        "/destinations/lunar-surface/",
        f"/agencies/{top_agency_slug}/",
        "/analysis/coverage/",
        "/analysis/partnerships/",
        "/analysis/schedule/",
        "/timeline/",
    ]


def fts_match(text: str) -> str:
    """The FTS5 expression GER builds from a query (ger.search.queries)."""
    return " ".join(f'"{token}"*' for token in re.findall(r"\w+", text.lower())[:8])
