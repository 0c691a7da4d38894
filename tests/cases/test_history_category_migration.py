"""The data migration that gives old history lines naming a care or justice partner its category."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0004_categorised_texts")]
AFTER = [("cases", "0005_categorise_history_naming_partners")]


@pytest.mark.django_db(transaction=True)
def test_old_lines_naming_a_care_or_justice_partner_take_its_category():
    executor = MigrationExecutor(connection)
    # Only `cases` goes back; every other app stays at its newest migration, as in a real upgrade
    # (and as the database's tables are).
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] != "cases"]
    executor.migrate(BEFORE + others)
    apps = executor.loader.project_state(BEFORE + others).apps
    Organisation = apps.get_model("organisations", "Organisation")
    User = apps.get_model("organisations", "User")
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    house = Organisation.objects.create(name="Huis", kind="veiligheidshuis")
    Organisation.objects.create(name="GGZ Oost", kind="zorgaanbieder")
    Organisation.objects.create(name="Reclassering Noord", kind="reclassering")
    Organisation.objects.create(name="Politie Midden", kind="police")
    user = User.objects.create(username="migratie", organisation=house)
    case = Case.objects.create(
        reference="C-M-1",
        title="t",
        host_organisation=house,
        lead_organisation=house,
        coordinator=user,
    )
    lines = {
        "GGZ Oost uitgenodigd om deel te nemen": ("participation", "care"),
        "Triage: niveau 3, regie Reclassering Noord": ("triage", "justice"),
        "Politie Midden uitgenodigd om deel te nemen": ("participation", "general"),
        "Status: Triage → Casusoverleg": ("status", "general"),
    }
    for description, (kind, _category) in lines.items():
        CaseEvent.objects.create(case=case, kind=kind, description=description, actor=user)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER + others)
    apps = executor.loader.project_state(AFTER + others).apps
    migrated = dict(
        apps.get_model("cases", "CaseEvent").objects.values_list("description", "category")
    )
    # Leave the schema as the rest of the suite expects it: every app at its newest migration.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert migrated == {description: category for description, (_k, category) in lines.items()}
