"""Default need-to-know by data category; the functioneel beheerder can change it in the admin."""

from django.db import migrations

GRANTS = {
    "police": [
        ("general", "Convenant Zorg- en Veiligheidshuis; art. 20 Wet politiegegevens"),
        ("justice", "Art. 19-20 Wet politiegegevens"),
    ],
    "om": [
        ("general", "Convenant Zorg- en Veiligheidshuis"),
        ("justice", "Art. 39f Wet justitiële en strafvorderlijke gegevens"),
    ],
    "gemeente": [("general", "Gemeentewet art. 172; Convenant Zorg- en Veiligheidshuis")],
    "belastingdienst": [
        ("general", "Convenant Zorg- en Veiligheidshuis"),
        ("tax", "Art. 67 lid 2 Algemene wet inzake rijksbelastingen"),
    ],
    "reclassering": [
        ("general", "Convenant Zorg- en Veiligheidshuis"),
        ("justice", "Art. 39f Wjsg; Reclasseringsregeling 1995"),
        ("care", "Toestemming betrokkene; Reclasseringsregeling 1995"),
    ],
    "wijkteam": [
        ("general", "Convenant Zorg- en Veiligheidshuis"),
        ("care", "Wmo 2015 art. 5.2.1; Jeugdwet art. 7.4.0"),
    ],
    "woningcorporatie": [("general", "Convenant Zorg- en Veiligheidshuis; Woningwet")],
    "omgevingsdienst": [("general", "Convenant; Omgevingswet")],
    "netbeheerder": [("general", "Convenant; Elektriciteitswet 1998")],
    "zorgaanbieder": [
        ("general", "Convenant Zorg- en Veiligheidshuis"),
        ("care", "Toestemming betrokkene; WGBO art. 7:457 BW"),
    ],
    "veiligheidshuis": [
        ("general", "Convenant Zorg- en Veiligheidshuis"),
        ("justice", "Art. 39f Wjsg; Convenant Zorg- en Veiligheidshuis"),
        ("care", "Convenant Zorg- en Veiligheidshuis; toestemming of zwaarwegend belang"),
    ],
    "riec": [
        ("general", "RIEC-convenant"),
        ("justice", "RIEC-convenant; art. 20 Wpg"),
        ("tax", "RIEC-convenant; art. 67 lid 2 AWR"),
    ],
}


def add_grants(apps, schema_editor):
    CategoryGrant = apps.get_model("organisations", "CategoryGrant")
    for kind, grants in GRANTS.items():
        for category, legal_basis in grants:
            CategoryGrant.objects.get_or_create(
                organisation_kind=kind, category=category, defaults={"legal_basis": legal_basis}
            )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(add_grants, migrations.RunPython.noop)]
