"""Remove NUL characters from the text of agencies, goals, objectives and missions.

Before GER refused them at the door, SQLite stored NULs that PostgreSQL cannot hold,
so such a database could not be restored into PostgreSQL. PostgreSQL never held one:
there is nothing to do there. Revisions and edition snapshots are hash-checked and
are left as they are (a backup restore says if one holds a NUL).
"""

from django.db import migrations, models

from ger.nul import holds_nul, without_nul

APPS = ("registry", "objectives", "plans")
TEXT = (models.CharField, models.TextField, models.JSONField)


def remove_nul_characters(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for config in apps.get_app_configs():
        if config.label not in APPS:
            continue
        for model in config.get_models():
            names = [
                field.name
                for field in model._meta.local_fields
                if isinstance(field, TEXT)
            ]
            if not names:
                continue
            for row in model._base_manager.only("pk", *names).iterator():
                dirty = [name for name in names if holds_nul(getattr(row, name))]
                if dirty:
                    for name in dirty:
                        setattr(row, name, without_nul(getattr(row, name)))
                    row.save(update_fields=dirty)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_mission_list_orderings"),
        ("registry", "0003_api_tokens"),
        ("objectives", "0002_translations"),
    ]

    operations = [
        migrations.RunPython(remove_nul_characters, migrations.RunPython.noop),
    ]
