"""Background work: builds queued from the workspace, run by ``ger db_worker``.

The task goes through Django's task interface (the ``django-tasks`` backport).
Without a TASKS setting the backport runs tasks at once, in the request.
"""

from __future__ import annotations

from django_tasks import task

from ger.publishing.services import run_build


@task()
def build_edition_task(run_id: int) -> str:
    """Build the edition of a queued run and return the build's summary."""
    return run_build(run_id)
