"""Default letters for the catalogue's stick interventions that a partner announces in writing:
the warning before a closure under art. 13b Opiumwet and the intention to impose an area ban.
The functioneel beheerder adapts them (Configuration → Letter templates)."""

from django.db import migrations

WARNING_13B = """{afzender}
Kenmerk: {kenmerk}
Datum: {datum}

Aan: {geadresseerde}
Betreft: waarschuwing — voornemen tot sluiting van de woning of het pand {adres}

Geachte heer, mevrouw,

In of bij de woning of het pand aan {adres} zijn verdovende middelen aangetroffen of is een handelshoeveelheid verdovende middelen aanwezig geweest. Op grond van {rechtsgrond} kan de burgemeester een woning of pand sluiten als daar drugs worden verkocht, afgeleverd of verstrekt, of daarvoor aanwezig zijn.

Met deze brief waarschuwen wij u. Wordt opnieuw geconstateerd dat in of bij dit pand drugs aanwezig zijn of worden verhandeld, dan is de burgemeester voornemens het pand te sluiten. Wij verzoeken u maatregelen te nemen om herhaling te voorkomen, uiterlijk op {termijn}.

U kunt binnen twee weken na de datum van deze brief uw zienswijze geven, schriftelijk of mondeling. Neem daarvoor contact op met de afzender en vermeld het kenmerk.

Met vriendelijke groet,

{afzender}
"""

AREA_BAN = """{afzender}
Kenmerk: {kenmerk}
Datum: {datum}

Aan: {geadresseerde}
Betreft: voornemen tot het opleggen van een gebiedsverbod

Geachte heer, mevrouw,

De burgemeester is voornemens u een gebiedsverbod op te leggen op grond van {rechtsgrond}, omdat u herhaaldelijk de openbare orde hebt verstoord of daarvoor ernstig te vrezen is. Het verbod zou gelden tot en met {termijn} voor het gebied rond {adres}.

Voordat de burgemeester besluit, kunt u binnen twee weken na de datum van deze brief uw zienswijze geven, schriftelijk of mondeling. Neem daarvoor contact op met de afzender en vermeld het kenmerk.

Met vriendelijke groet,

{afzender}
"""

LETTERS = [
    ("Sluiting pand (art. 13b Opiumwet)", "Waarschuwing voorafgaand aan sluiting (art. 13b Opiumwet)", WARNING_13B),
    ("Gebiedsverbod", "Voornemen gebiedsverbod", AREA_BAN),
]


def add_letters(apps, schema_editor):
    InterventionType = apps.get_model("plans", "InterventionType")
    LetterTemplate = apps.get_model("documents", "LetterTemplate")
    for type_name, title, body in LETTERS:
        kind = InterventionType.objects.filter(name=type_name).first()
        if kind is not None:
            LetterTemplate.objects.get_or_create(intervention_type=kind, title=title, defaults={"body": body})


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_letter_templates")]
    operations = [migrations.RunPython(add_letters, migrations.RunPython.noop)]
