"""The default finding catalogue of joint inspections, and the interventions it needs.

Each finding type suggests the follow-up intervention from `plans.InterventionType` and the legal
term (days from the visit) within which it is due. Two interventions that joint inspections call
for are added to the intervention catalogue when missing.
"""

from django.db import migrations

INTERVENTION_TYPES = [
    # name, domain, approach, owner kind, legal basis, default days
    (
        "Bestuurlijke boete Huisvestingswet",
        "administrative",
        "stick",
        "gemeente",
        "Huisvestingswet 2014 art. 35",
        42,
    ),
    ("Terugmelding BRP", "administrative", "stick", "gemeente", "Wet BRP art. 2.34", 5),
]

FINDING_TYPES = [
    # name, data category, follow-up intervention, legal term (days), legal basis
    ("Hennepkwekerij", "general", "Sluiting pand (art. 13b Opiumwet)", 28, "Art. 13b Opiumwet"),
    (
        "Illegale bewoning / overbewoning",
        "general",
        "Bestuurlijke boete Huisvestingswet",
        42,
        "Huisvestingswet 2014 art. 21 en 35",
    ),
    (
        "Illegale onderverhuur",
        "general",
        "Ontbinding huurovereenkomst",
        90,
        "Art. 7:231 BW; Wet goed verhuurderschap",
    ),
    (
        "Energiediefstal (illegale aansluiting)",
        "general",
        "Aangifte energiediefstal",
        14,
        "Art. 310 Wetboek van Strafrecht",
    ),
    (
        "Fiscale onregelmatigheden",
        "tax",
        "Belastingaanslag / navordering",
        60,
        "Algemene wet inzake rijksbelastingen",
    ),
    ("Vermoeden criminele exploitatie (Bibob)", "general", "Bibob-onderzoek", 56, "Wet Bibob"),
    ("Inschrijving BRP klopt niet", "general", "Terugmelding BRP", 5, "Wet BRP art. 2.34"),
    ("Geen bijzonderheden", "general", None, 0, ""),
]


def add_catalogue(apps, schema_editor):
    InterventionType = apps.get_model("plans", "InterventionType")
    FindingType = apps.get_model("areas", "FindingType")
    for name, domain, approach, owner_kind, legal_basis, days in INTERVENTION_TYPES:
        InterventionType.objects.get_or_create(
            name=name,
            defaults={
                "domain": domain,
                "approach": approach,
                "owner_kind": owner_kind,
                "legal_basis": legal_basis,
                "default_days": days,
            },
        )
    for name, category, intervention, days, legal_basis in FINDING_TYPES:
        FindingType.objects.get_or_create(
            name=name,
            defaults={
                "data_category": category,
                "intervention_type": (
                    InterventionType.objects.filter(name=intervention).first()
                    if intervention
                    else None
                ),
                "legal_term_days": days,
                "legal_basis": legal_basis,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial"), ("plans", "0002_catalogue")]
    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
