"""SQLite refuses UPDATE and DELETE on audit entries too (PostgreSQL does since 0002).

Careful: SQLite alters a table by copying it to a new one, which drops its triggers. A later
migration that alters `audit_auditentry` on SQLite must create these again;
tests/audit/test_append_only.py fails when they are missing.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE TRIGGER IF NOT EXISTS audit_append_only_update
    BEFORE UPDATE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS audit_append_only_delete
    BEFORE DELETE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_append_only_update",
    "DROP TRIGGER IF EXISTS audit_append_only_delete",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_hash_version")]
    operations = [migrations.RunPython(forwards, backwards)]
