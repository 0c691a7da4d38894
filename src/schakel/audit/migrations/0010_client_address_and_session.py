"""Audit entries record the client's address and a session reference (hash version 3).

On SQLite adding a column with a default rebuilds the table, which drops the append-only
triggers of 0005: they are created again here (PostgreSQL keeps its trigger from 0002).
"""

from importlib import import_module

from django.db import migrations, models

_sqlite_triggers = import_module("schakel.audit.migrations.0005_append_only_trigger_sqlite")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0009_purpose_subject_matching"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="client_address",
            field=models.CharField(
                blank=True, default="", max_length=45, verbose_name="client address"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="session_ref",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="session"),
        ),
        migrations.RunPython(_sqlite_triggers.forwards, _sqlite_triggers.backwards),
    ]
