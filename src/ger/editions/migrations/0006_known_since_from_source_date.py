"""Date the statements already stored: their known-since is the month (or year) of
the reporting they were reconstructed from, where ``source_date`` names one."""

import datetime as dt
import re

from django.db import migrations

LEADING_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?")


def date_statements(apps, schema_editor):
    EditionPlan = apps.get_model("editions", "EditionPlan")
    for plan in EditionPlan.objects.filter(known_on__isnull=True).exclude(
        source_date=""
    ):
        match = LEADING_DATE.match(plan.source_date)
        if match is None:
            continue
        year, month = int(match[1]), int(match[2] or 0)
        if not 1900 <= year <= 2200 or month > 12:
            continue
        # A historical model: the published-edition guard of the real model does
        # not run here, and only this new, empty column is written.
        EditionPlan.objects.filter(pk=plan.pk).update(
            known_on=dt.date(year, month or 1, 1),
            known_precision="month" if month else "year",
        )


class Migration(migrations.Migration):
    dependencies = [("editions", "0005_statements_and_errata")]

    operations = [migrations.RunPython(date_statements, migrations.RunPython.noop)]
