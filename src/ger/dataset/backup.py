"""Backups: a portable, versioned, checksummed dump of everything, and its restore.

A backup holds every record of GER's apps (history and editions included) and the
user accounts, as Django's JSON serialisation, gzipped. Search entries are derived
data and are rebuilt after a restore.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from ger.nul import holds_nul, without_nul
from ger.search.indexing import rebuild_search_index

FORMAT = "ger-backup/1"
SKIPPED_APPS = {"search"}  # derived data, rebuilt on restore
# Records whose content is covered by a hash (the revision chain, edition snapshots):
# a NUL in them cannot be removed without breaking it.
HASHED_APPS = {"history", "editions"}


class BackupError(Exception):
    """A backup file that cannot be restored here; the message says why."""


def backed_up_models() -> list[type[models.Model]]:
    """Return the models a backup holds, parents before children."""
    chosen: list[type[models.Model]] = [get_user_model()]
    for config in apps.get_app_configs():
        if config.name.startswith("ger.") and config.label not in SKIPPED_APPS:
            chosen.extend(config.get_models())
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


class _ExactTimeEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds.

    Django's own cuts a time to milliseconds, so a restore would change every
    timestamp a little, and one whose microseconds round to ".000" would read back
    differently from what was written.
    """

    def default(self, o: Any) -> Any:
        if isinstance(o, (datetime.datetime, datetime.time)):
            text = o.isoformat()
            return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def canonical_records() -> list[dict[str, Any]]:
    """Return every backed-up record as plain data in a stable order."""
    records: list[dict[str, Any]] = []
    for model in backed_up_models():
        text = serializers.serialize(
            "json", model._base_manager.order_by("pk"), cls=_ExactTimeEncoder
        )
        records.extend(json.loads(text))
    return records


def _digest(records: list[dict[str, Any]]) -> str:
    text = json.dumps(
        records, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


@dataclass(frozen=True)
class BackupSummary:
    records: int
    sha256: str


def write_backup(path: Path) -> BackupSummary:
    """Write a backup of the whole database to ``path`` (gzipped JSON)."""
    with transaction.atomic():
        records = canonical_records()
        migrations = _applied_migrations()
    digest = _digest(records)
    document = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": migrations,
        "records": len(records),
        "sha256": digest,
        "data": records,
    }
    payload = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
    temporary = path.with_name(path.name + ".partial")
    with gzip.GzipFile(temporary, "wb", mtime=0) as handle:
        handle.write(payload)
    temporary.replace(path)
    return BackupSummary(len(records), digest)


def read_backup(path: Path) -> dict[str, Any]:
    """Read and check a backup file; raise BackupError naming what is wrong."""
    try:
        with gzip.open(path, "rb") as handle:
            document: Any = json.loads(handle.read().decode("utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path}: not a GER backup (gzipped JSON): {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path}: format is not {FORMAT}")
    if not isinstance(document.get("data"), list):
        raise BackupError(f"{path}: no data list")
    if _digest(document["data"]) != document.get("sha256"):
        raise BackupError(
            f"{path}: the checksum does not match the data; the file is damaged"
        )
    return document


def restore_backup(path: Path) -> BackupSummary:
    """Load a backup into an empty, migrated database, all or nothing."""
    document = read_backup(path)
    current = _applied_migrations()
    unknown = [
        f"{app}.{name}"
        for app, names in document["migrations"].items()
        for name in names
        if name not in current.get(app, [])
    ]
    if unknown:
        raise BackupError(
            "the backup was made by a newer GER (migrations not applied here: "
            f"{', '.join(unknown[:5])}); run `ger migrate` with that version first"
        )
    occupied = [m._meta.label for m in backed_up_models() if m._base_manager.exists()]
    if occupied:
        raise BackupError(
            f"the database is not empty ({', '.join(occupied[:5])}); "
            "restore needs an empty one"
        )
    records = _without_nul(document["data"])
    stream = io.StringIO(json.dumps(records))
    with transaction.atomic():
        objects = list(serializers.deserialize("json", stream))
        for item in objects:
            item.save()
        _reset_sequences()
    rebuild_search_index()
    return BackupSummary(len(objects), document["sha256"])


def _without_nul(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the records with NUL characters removed, as the migration does.

    A SQLite database written before GER refused NULs may hold some; PostgreSQL
    cannot store them. Hashed records cannot be cleaned: on PostgreSQL one holding
    a NUL stops the restore with its name.
    """
    cleaned = []
    for record in records:
        if not holds_nul(record.get("fields")):
            cleaned.append(record)
            continue
        app = str(record.get("model", "")).split(".", 1)[0]
        if app in HASHED_APPS:
            if connection.vendor == "postgresql":
                names = sorted(
                    name for name, value in record["fields"].items() if holds_nul(value)
                )
                raise BackupError(
                    f"{record['model']} {record.get('pk')}: {', '.join(names)} "
                    "holds a NUL character, which PostgreSQL cannot store and "
                    "which cannot be removed without breaking its hash; restore "
                    "this backup into SQLite"
                )
            cleaned.append(record)
            continue
        cleaned.append({**record, "fields": without_nul(record["fields"])})
    return cleaned


def _reset_sequences() -> None:
    """Move PostgreSQL's id sequences past the restored ids."""
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
