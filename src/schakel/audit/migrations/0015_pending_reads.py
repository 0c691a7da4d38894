"""Reads waiting to be chained (PendingAuditEntry, PostgreSQL only: docs/decisions.md, "The audit
chain's lock off the read path"). The database refuses to change a waiting entry; removing one is
left to the transaction that chains it."""

from django.db import migrations, models

CREATE = """
CREATE TRIGGER audit_pending_unchangeable
    BEFORE UPDATE ON audit_pendingauditentry
    FOR EACH ROW EXECUTE FUNCTION schakel_audit_append_only();
"""
DROP = "DROP TRIGGER IF EXISTS audit_pending_unchangeable ON audit_pendingauditentry;"
SQLITE_CREATE = """
CREATE TRIGGER IF NOT EXISTS audit_pending_unchangeable
BEFORE UPDATE ON audit_pendingauditentry
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS audit_pending_unchangeable"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(CREATE)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(DROP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0014_purposes_subject_matching_retention_correction"),
    ]

    operations = [
        migrations.CreateModel(
            name="PendingAuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("timestamp", models.DateTimeField()),
                ("user_id_ref", models.BigIntegerField(null=True)),
                ("username", models.CharField(max_length=150)),
                ("organisation_name", models.CharField(blank=True, max_length=200)),
                ("role", models.CharField(blank=True, max_length=32)),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("view", "View"),
                            ("list", "List"),
                            ("search", "Search"),
                            ("create", "Create"),
                            ("change", "Change"),
                            ("delete", "Delete"),
                            ("export", "Export"),
                            ("print", "Print"),
                            ("login", "Log in"),
                            ("login_failed", "Failed log-in"),
                            ("logout", "Log out"),
                            ("lockout", "Log-in locked"),
                        ],
                        max_length=16,
                    ),
                ),
                ("object_type", models.CharField(blank=True, max_length=50)),
                ("object_id", models.CharField(blank=True, max_length=64)),
                ("person_id_ref", models.BigIntegerField(null=True)),
                (
                    "purpose",
                    models.CharField(
                        choices=[
                            ("casusbehandeling", "case handling"),
                            ("casusregie", "case direction"),
                            ("casus openen", "opening a case"),
                            ("melding signaal", "reporting a signal"),
                            ("registratie signaal", "registering a signal"),
                            ("triage en casusbehandeling", "triage and case handling"),
                            ("vaststellen betrokkene", "establishing who a report is about"),
                            ("zoeken persoon", "searching for a person"),
                            ("casusoverleg", "case conference"),
                            ("koppelen van persoonsgegevens", "linking personal data"),
                            (
                                "vraag: al bekend in een casus?",
                                "question: already known in a case?",
                            ),
                            ("gebiedsgerichte analyse", "area-based analysis"),
                            ("gebiedsaanpak", "area approach"),
                            ("gebiedsaanpak quickscan", "area approach: quick scan"),
                            ("gebiedsaanpak eigenaren", "area approach: owners"),
                            ("integrale controle", "joint inspection"),
                            ("kroniek", "chronicle"),
                            ("melding bewoner", "resident's report"),
                            ("persoonsgerichte aanpak", "person-oriented approach"),
                            (
                                "selectie doelgroeplijst (commando)",
                                "target list selection (command)",
                            ),
                            ("import justitiële registraties", "import of justice registrations"),
                            ("authenticatie", "authentication"),
                            ("toezicht op de verwerking", "oversight of the processing"),
                            ("inzageverzoek betrokkene", "data subject's access request"),
                            (
                                "vernietiging na bewaartermijn",
                                "destruction after the retention period",
                            ),
                            ("correctie persoonsgegevens", "correction of personal data"),
                            ("beheer gebruikers en rechten", "administration of users and rights"),
                            ("verwijderen demogegevens", "removing the fictional demo data"),
                        ],
                        max_length=200,
                    ),
                ),
                ("detail", models.CharField(blank=True, max_length=500)),
                ("client_address", models.CharField(blank=True, default="", max_length=45)),
                ("session_ref", models.CharField(blank=True, default="", max_length=64)),
            ],
            options={
                "ordering": ["id"],
                "default_permissions": (),
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
