"""Checks of the published editions: hashes, what they knew, and their errata chains."""

from __future__ import annotations

from dataclasses import dataclass, field

from ger.editions.models import Edition, SnapshotCorruptError
from ger.editions.services import statements_known_after_release


@dataclass
class EditionsReport:
    """What ``ger verify`` says about the published editions."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)


def verify_editions() -> EditionsReport:
    """Check every published snapshot's SHA-256, its known-since dates and errata links.

    A superseded issue is kept as it was published, errors included: only the
    current issue of each edition must hold nothing learned after its release.
    """
    report = EditionsReport()
    editions = list(Edition.objects.published().order_by("released_on", "code"))
    by_pk = {edition.pk: edition for edition in editions}
    superseded = {e.supersedes_id for e in editions if e.supersedes_id is not None}
    for edition in editions:
        report.checked += 1
        try:
            snapshot = edition.verified_snapshot()
        except SnapshotCorruptError as error:
            report.problems.append(f"edition {edition.code}: {error}")
            continue
        if edition.pk not in superseded:
            for name, known, released in statements_known_after_release(snapshot):
                report.problems.append(
                    f"edition {edition.code}: {name} is stated as known since {known},"
                    f" after the release {released}"
                )
        if edition.supersedes_id is None:
            continue
        original = by_pk.get(edition.supersedes_id)
        erratum = (snapshot.get("edition") or {}).get("erratum") or {}
        if original is None:
            report.problems.append(
                f"edition {edition.code} corrects an edition that is not published"
            )
            continue
        if erratum.get("supersedes_sha256") != original.snapshot_sha256:
            report.problems.append(
                f"edition {edition.code}: its snapshot names {original.code} with "
                f"SHA-256 {erratum.get('supersedes_sha256')}, not the stored "
                f"{original.snapshot_sha256}"
            )
        report.chains.append(
            f"{original.code} ({original.snapshot_sha256[:12]}) is corrected by "
            f"{edition.code} ({edition.snapshot_sha256[:12]}): "
            f"{edition.erratum_reason[:100]}"
            + ("…" if len(edition.erratum_reason) > 100 else "")
        )
    return report
