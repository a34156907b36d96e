"""Add several published editions to a database filled by ``ger synth``.

``ger synth`` writes missions, partners, objectives, capabilities, landing sites and
dependencies, but no editions; the read benchmarks need published editions (their
pages and snapshots) of a realistic size. This adds four published editions (2018,
2020, 2022, 2024) and the working draft: each published edition states the plans of
the missions expected to launch in the twelve years after it, earlier and coarser
than today's plans (seeded, so the same seed gives the same editions).

Run after ``ger synth`` with the same settings:
``python bench/synth_editions.py [--seed 1]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time
from typing import Any

EDITIONS = (
    # code, slug, title, kind, released on
    ("SYN-2018", "syn-2018", "Synthetic roadmap 2018", "roadmap", dt.date(2018, 1, 15)),
    (
        "SYN-2020",
        "syn-2020",
        "Synthetic supplement 2020",
        "supplement",
        dt.date(2020, 8, 1),
    ),
    (
        "SYN-2022",
        "syn-2022",
        "Synthetic supplement 2022",
        "supplement",
        dt.date(2022, 10, 1),
    ),
    ("SYN-2024", "syn-2024", "Synthetic roadmap 2024", "roadmap", dt.date(2024, 6, 1)),
)
HORIZON_YEARS = 12


def _months_earlier(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def add_editions(seed: int = 1) -> dict[str, int]:
    """Create and publish the synthetic editions; return plans per edition."""
    from django.db import transaction

    from ger.editions.models import Edition, EditionPlan
    from ger.editions.services import publish_edition, refresh_draft_snapshot
    from ger.plans.models import Mission

    rng = random.Random(seed)
    missions = list(
        Mission.objects.filter(
            slug__startswith="syn-", planned_launch_on__isnull=False
        ).values_list("id", "planned_launch_on", "actual_launch_on", "status")
    )
    counts: dict[str, int] = {}
    with transaction.atomic():
        for code, slug, title, kind, released in EDITIONS:
            edition, _created = Edition.objects.get_or_create(
                code=code,
                defaults={
                    "slug": slug,
                    "title": title,
                    "kind": kind,
                    "released_on": released,
                    "released_precision": "month",
                    "notes": "Synthetic edition written by bench/synth_editions.py.",
                },
            )
            if edition.is_published:
                counts[code] = edition.plans.count()
                continue
            horizon = released.replace(year=released.year + HORIZON_YEARS)
            plans: list[Any] = []
            for mission_id, planned, launched, _status in missions:
                if not released <= planned <= horizon:
                    continue
                if launched is not None and launched < released:
                    continue
                years_ahead = (planned - released).days / 365.25
                late = 0 if rng.random() < 0.4 else rng.lognormvariate(2.3, 0.8)
                stated = _months_earlier(planned, int(late * min(1.0, years_ahead / 4)))
                stated = max(stated, released)
                coarse = years_ahead > 5
                confirmed = rng.random() < 0.3
                plans.append(
                    EditionPlan(
                        edition=edition,
                        mission_id=mission_id,
                        launch_on=stated.replace(month=1) if coarse else stated,
                        launch_precision="year" if coarse else "month",
                        launch_qualifier="net" if rng.random() < 0.2 else "",
                        statement=str(stated.year),
                        in_edition="confirmed" if confirmed else "unverified",
                        basis="quoted" if confirmed else "reconstructed",
                        status="planned",
                    )
                )
            EditionPlan.objects.bulk_create(plans, batch_size=2000)
            publish_edition(edition)
            counts[code] = len(plans)
        draft, _created = Edition.objects.get_or_create(
            slug="current",
            defaults={
                "code": "SYN-CURRENT",
                "title": "Current plan (working draft)",
                "kind": Edition.Kind.WORKING_DRAFT,
            },
        )
        refresh_draft_snapshot(draft)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ger.settings")
    import django

    django.setup()
    began = time.perf_counter()
    counts = add_editions(options.seed)
    plans = ", ".join(f"{code}: {n} plans" for code, n in counts.items())
    print(f"published {plans} in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
