"""The default escalation ladder (after AVE) and the ZVH intake criteria."""

from django.db import migrations

LEVELS = [
    (1, "Regulier / preventie", "De betrokken partner in het reguliere werk", 180, False,
     "Signaal wordt binnen de reguliere werkwijze van één partner opgepakt."),
    (2, "Lokaal team, één plan", "Sociaal wijkteam of gemeente", 90, False,
     "Meerdere hulpverleners werken met één gezin/één plan onder regie van het lokale team."),
    (3, "Procesregie Veiligheidshuis", "Procesregisseur Zorg- en Veiligheidshuis", 60, True,
     "Complexe casus over zorg en straf heen; het Veiligheidshuis voert procesregie."),
    (4, "Acuut, doorzettingsmacht", "Burgemeester of OM", 14, True,
     "Acute dreiging; burgemeester of officier van justitie zet door."),
]
CRITERIA = [
    ("meerdere-leefgebieden", "Zijn er problemen op meer dan één leefgebied?", "all", 1),
    ("meerdere-ketens", "Is inzet nodig van meer dan één keten (zorg, straf, bestuur)?", "all", 2),
    ("omgeving-geraakt", "Worden gezin of directe omgeving door de problematiek geraakt?", "any", 3),
    ("veiligheidsprobleem", "Is er een ernstig lokaal veiligheidsprobleem?", "any", 4),
]


def add_ladder(apps, schema_editor):
    Level = apps.get_model("triage", "EscalationLevel")
    Criterion = apps.get_model("triage", "IntakeCriterion")
    for number, name, lead, days, opens_case, description in LEVELS:
        Level.objects.get_or_create(
            number=number,
            defaults={
                "name": name,
                "lead_description": lead,
                "review_after_days": days,
                "opens_case": opens_case,
                "description": description,
            },
        )
    for code, question, group, order in CRITERIA:
        Criterion.objects.get_or_create(
            code=code, defaults={"question": question, "group": group, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial")]
    operations = [migrations.RunPython(add_ladder, migrations.RunPython.noop)]
