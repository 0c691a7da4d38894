"""History lines that name a care or justice partner take that partner's category.

Lines written before categories existed are general, except those that name an organisation
whose involvement reveals care (zorgaanbieder, wijkteam) or justice (OM, reclassering): an
invitation, an end of participation, a lead after triage, an intervention planned for it.
Free-text reasons in old lines cannot be classified automatically and stay general.
"""

from django.db import migrations

REVEALING_KINDS = {
    "zorgaanbieder": "care",
    "wijkteam": "care",
    "om": "justice",
    "reclassering": "justice",
}


def categorise(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    for organisation in Organisation.objects.filter(kind__in=REVEALING_KINDS):
        # The append-only queryset refuses update(); the historical manager is a plain one.
        CaseEvent.objects.filter(
            category="general",
            kind__in=["participation", "triage", "plan"],
            description__contains=organisation.name,
        ).update(category=REVEALING_KINDS[organisation.kind])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_categorised_texts"),
        ("organisations", "0002_category_grants"),
    ]

    operations = [migrations.RunPython(categorise, migrations.RunPython.noop)]
