"""The default intervention catalogue: carrot and stick across care, administrative, criminal,
civil and fiscal domains, each with its owning organisation kind and legal basis."""

from django.db import migrations

CATALOGUE = [
    # name, domain, approach, owner kind, legal basis, default days
    ("Schuldhulpverlening", "care", "carrot", "gemeente", "Wet gemeentelijke schuldhulpverlening", 60),
    ("Toeleiding naar dagbesteding of werk", "care", "carrot", "gemeente", "Participatiewet", 60),
    ("Ambulante verslavingszorg", "care", "carrot", "zorgaanbieder", "Zorgverzekeringswet", 30),
    ("Gezinscoaching", "care", "carrot", "wijkteam", "Jeugdwet; Wmo 2015", 30),
    ("Begeleid wonen", "care", "carrot", "woningcorporatie", "Wmo 2015; Woningwet", 90),
    ("Buurtbemiddeling", "administrative", "carrot", "gemeente", "Gemeentewet art. 160", 30),
    ("Reclasseringstoezicht met bijzondere voorwaarden", "criminal", "stick", "reclassering",
     "Art. 14c Wetboek van Strafrecht", 90),
    ("Gedragsaanwijzing officier van justitie", "criminal", "stick", "om",
     "Art. 509hh Wetboek van Strafvordering", 14),
    ("Persoonsgerichte politieaandacht", "criminal", "stick", "police", "Art. 3 Politiewet 2012", 30),
    ("ZSM-afdoening", "criminal", "stick", "om", "Wetboek van Strafvordering", 7),
    ("Aangifte energiediefstal", "criminal", "stick", "netbeheerder",
     "Art. 310 Wetboek van Strafrecht", 14),
    ("Sluiting pand (art. 13b Opiumwet)", "administrative", "stick", "gemeente",
     "Art. 13b Opiumwet", 28),
    ("Gebiedsverbod", "administrative", "stick", "gemeente", "Art. 172a Gemeentewet", 14),
    ("Bibob-onderzoek", "administrative", "stick", "gemeente", "Wet Bibob", 56),
    ("Last onder dwangsom", "administrative", "stick", "gemeente", "Woningwet; Awb titel 5.3", 42),
    ("Laatste-kanscontract huurder", "civil", "carrot", "woningcorporatie",
     "Huurovereenkomst; art. 7:213 BW", 30),
    ("Ontbinding huurovereenkomst", "civil", "stick", "woningcorporatie", "Art. 7:231 BW", 90),
    ("Belastingaanslag / navordering", "fiscal", "stick", "belastingdienst",
     "Algemene wet inzake rijksbelastingen", 60),
    ("Boekenonderzoek", "fiscal", "stick", "belastingdienst", "Art. 47 AWR", 60),
]


def add_catalogue(apps, schema_editor):
    InterventionType = apps.get_model("plans", "InterventionType")
    for name, domain, approach, owner_kind, legal_basis, days in CATALOGUE:
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


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
