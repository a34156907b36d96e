"""Publishing processes: build an edition, queue a build, keep the edition's prose.

The command, the workspace views and the background task all call these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ger.editions.models import Edition, EditionImmutableError, EditionProse
from ger.editions.workflow import find_edition
from ger.publishing.build.release import (
    BuildError,
    BuildResult,
    build_edition,
)
from ger.publishing.models import BuildRun

# A build still unfinished after this long lost its worker: it no longer blocks others.
STALE_AFTER = dt.timedelta(hours=2)

__all__ = [
    "BuildError",
    "BuildResult",
    "build_edition",
    "builds_folder",
    "find_published_edition",
    "request_build",
    "run_build",
    "save_prose",
]


def find_published_edition(key: str) -> Edition:
    """Return the published edition with this code or slug; raise BuildError if none."""
    edition = find_edition(key)
    if edition is None:
        raise BuildError(_("edition: no published edition %(key)r") % {"key": key})
    if not edition.is_published:
        raise BuildError(
            _(
                "edition: %(key)r is not published (it is %(status)s); only "
                "published editions are built"
            )
            % {"key": key, "status": edition.get_status_display()}
        )
    return edition


def builds_folder(edition: Edition) -> Path:
    """Return where the workspace's builds of the edition are kept."""
    return Path(settings.VAR_DIR) / "builds" / edition.slug


def request_build(edition: Edition, user: User | None) -> BuildRun:
    """Queue a build of the edition, or return the one already queued or running."""
    if not edition.is_published:
        raise BuildError(
            _("edition: %(code)s is not published; only published editions are built")
            % {"code": edition.code}
        )
    # Imported here: the task module needs the task framework, the rest does not.
    from ger.publishing.tasks import build_edition_task

    with transaction.atomic():
        unfinished = BuildRun.objects.unfinished().filter(edition=edition)
        unfinished.filter(requested_at__lt=timezone.now() - STALE_AFTER).update(
            state=BuildRun.State.FAILED,
            error=_("abandoned: no worker finished it"),
            finished_at=timezone.now(),
        )
        running = unfinished.first()
        if running is not None:
            return running
        run = BuildRun.objects.create(
            edition=edition,
            requested_by=user,
            out_dir=str(builds_folder(edition)),
        )
        BuildRun.objects.filter(pk=run.pk).update(
            log=log_line(
                _("queued by %(who)s")
                % {"who": user.get_username() if user else _("the system")}
            )
        )
    # Enqueued after the commit: a worker must find the run when it starts.
    result = build_edition_task.enqueue(run.pk)
    BuildRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id))
    run.refresh_from_db()
    return run


def log_line(text: str) -> Concat:
    """Return an update expression that appends a time-stamped line to a run's log."""
    stamp = timezone.now().strftime("%H:%M:%S")
    return Concat(F("log"), Value(f"{stamp} {text}\n"), output_field=TextField())


class BuildRunProgress:
    """Record a build's progress on its run, for the status page."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id

    def __call__(self, step: int, steps: int, label: str) -> None:
        BuildRun.objects.filter(pk=self.run_id).update(
            step=step,
            steps=steps,
            message=label[:200],
            log=log_line(f"{step}/{steps} {label}"),
        )


def run_build(run_id: int) -> str:
    """Carry out a queued build; record its outcome on the run and return it."""
    run = BuildRun.objects.select_related("edition").get(pk=run_id)
    BuildRun.objects.filter(pk=run_id).update(
        state=BuildRun.State.RUNNING,
        started_at=timezone.now(),
        error="",
        log=log_line(_("started by a worker")),
    )
    try:
        result = build_edition(run.edition, Path(run.out_dir), BuildRunProgress(run_id))
    except BuildError as problem:
        BuildRun.objects.filter(pk=run_id).update(
            state=BuildRun.State.FAILED,
            error=str(problem),
            finished_at=timezone.now(),
            log=log_line(_("failed: %(error)s") % {"error": problem}),
        )
        return str(problem)
    except Exception as problem:
        error = _("the build stopped unexpectedly: %(error)s") % {"error": problem}
        BuildRun.objects.filter(pk=run_id).update(
            state=BuildRun.State.FAILED,
            error=error,
            finished_at=timezone.now(),
            log=log_line(error),
        )
        raise
    # The edition's downloads, in the build's language, from this very build.
    from ger.publishing.downloads import package_build

    package_build(
        run.edition,
        Path(run.out_dir),
        translation.get_language() or settings.LANGUAGE_CODE,
    )
    summary = result.describe()
    if result.warnings:
        summary += " " + _("Warnings: %(list)s.") % {"list": "; ".join(result.warnings)}
    BuildRun.objects.filter(pk=run_id).update(
        state=BuildRun.State.SUCCEEDED,
        summary=summary,
        message="",
        finished_at=timezone.now(),
        log=log_line(_("succeeded: %(summary)s") % {"summary": summary}),
    )
    return summary


def save_prose(
    edition: Edition,
    texts: Mapping[str, str],
    translations: Mapping[str, Mapping[str, str]] | None = None,
) -> int:
    """Store the edition's prose, part by part; return how many parts have text.

    ``translations`` maps a part to its text per language (``{"fr": "…"}``); a
    part's translations not given are kept as they were. Raise
    EditionImmutableError once the edition is published: its prose is frozen.
    """
    if edition.is_published:
        raise EditionImmutableError(f"edition {edition.code} is published")
    known = set(EditionProse.Part.values)
    translations = translations or {}
    with transaction.atomic():
        for part, text in sorted(texts.items()):
            if part not in known:
                raise ValueError(_("prose: unknown part %(part)r") % {"part": part})
            prose, _created = EditionProse.objects.get_or_create(
                edition=edition, part=part
            )
            prose.markdown = text.strip()
            kept = dict(prose.translations)
            for language, translated in translations.get(part, {}).items():
                if translated.strip():
                    kept[language] = {"markdown": translated.strip()}
                else:
                    kept.pop(language, None)
            prose.translations = kept
            prose.save()
    return EditionProse.objects.filter(edition=edition).exclude(markdown="").count()
