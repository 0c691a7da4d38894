"""The append-only triggers allow one kind of DELETE: entries at or below a recorded anchor.

Retention removes the oldest audit entries as a prefix (`audit.truncation`): it first records a
signed `AuditAnchor` (the hash of the last entry it removes), then deletes up to it. Every other
DELETE, and every UPDATE, is still refused by the database. A forged anchor fails its signature
in `verify_audit_chain`. This replaces 0005's SQLite delete trigger and 0002's PostgreSQL
function; a later migration that rebuilds `audit_auditentry` on SQLite must create
`SQLITE_CREATE` of this module again (tests/audit/test_append_only.py fails when missing).
"""

from django.db import migrations

BELOW_ANCHOR = "(SELECT COALESCE(MAX(up_to_id), 0) FROM audit_auditanchor)"

SQLITE_CREATE = [
    """
    CREATE TRIGGER IF NOT EXISTS audit_append_only_update
    BEFORE UPDATE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_append_only_delete
    BEFORE DELETE ON audit_auditentry
    WHEN OLD.id > {BELOW_ANCHOR}
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_append_only_update",
    "DROP TRIGGER IF EXISTS audit_append_only_delete",
]
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION schakel_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.id <= {BELOW_ANCHOR} THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
"""
POSTGRES_STRICT_FUNCTION = """
CREATE OR REPLACE FUNCTION schakel_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in [*SQLITE_DROP, *SQLITE_CREATE]:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        strict = __import__(
            "schakel.audit.migrations.0005_append_only_trigger_sqlite", fromlist=["SQLITE_CREATE"]
        )
        for statement in [*SQLITE_DROP, *strict.SQLITE_CREATE]:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_STRICT_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("audit", "0012_audit_anchor")]
    operations = [migrations.RunPython(forwards, backwards)]
