"""Default configuration of the person-oriented approach (the functioneel beheerder can change it):
offence categories with example offence codes, the HIT and Top-X rules, and the assessment
instruments ZRM 2017 (13 domains), the older ZRM 2013 (11 domains) and a PGA monitor (12 domains).

The ZRM 2013 had 11 domains; the ZRM 2017 split 'dagbesteding' into 'werk & opleiding' and
'tijdsbesteding', and 'ADL-vaardigheden' into 'basale ADL' and 'instrumentele ADL'. The older
version is kept (inactive for new assessments) so that earlier scores keep their meaning.
"""

from django.db import migrations

CATEGORIES = [
    ("overval", "Overval", ["Sr312-OV"], "Diefstal met geweld in een woning of bedrijf."),
    ("straatroof", "Straatroof", ["Sr312-SR"], "Diefstal met geweld op straat."),
    ("woninginbraak", "Woninginbraak", ["Sr311-WI"], "Diefstal met braak uit een woning."),
    ("winkeldiefstal", "Winkeldiefstal", ["Sr310-WD"], "Diefstal uit een winkel."),
    ("mishandeling", "Mishandeling", ["Sr300", "Sr302"], ""),
    ("bedreiging", "Bedreiging", ["Sr285"], ""),
    ("vernieling", "Vernieling", ["Sr350"], ""),
    ("drugs", "Drugshandel (Opiumwet)", ["Opw2", "Opw3"], ""),
]

ZRM_SCALE = {
    "1": "Acuut probleem",
    "2": "Niet zelfredzaam",
    "3": "Beperkt zelfredzaam",
    "4": "Voldoende zelfredzaam",
    "5": "Volledig zelfredzaam",
}
PGA_SCALE = {
    "1": "Ernstig probleem",
    "2": "Probleem",
    "3": "Kwetsbaar",
    "4": "Stabiel",
    "5": "Geen probleem",
}

INSTRUMENTS = [
    (
        "zrm-2017",
        "Zelfredzaamheid-Matrix",
        "2017",
        ZRM_SCALE,
        True,
        [
            ("Financiën", "financien"),
            ("Werk & opleiding", "werk"),
            ("Tijdsbesteding", "dagbesteding"),
            ("Huisvesting", "huisvesting"),
            ("Huiselijke relaties", "relaties"),
            ("Geestelijke gezondheid", "geestelijke_gezondheid"),
            ("Lichamelijke gezondheid", "lichamelijke_gezondheid"),
            ("Middelengebruik", "middelengebruik"),
            ("Basale ADL", "adl"),
            ("Instrumentele ADL", "adl"),
            ("Sociaal netwerk", "sociaal_netwerk"),
            ("Maatschappelijke participatie", "participatie"),
            ("Justitie", "justitie"),
        ],
    ),
    (
        "zrm-2013",
        "Zelfredzaamheid-Matrix",
        "2013",
        ZRM_SCALE,
        False,
        [
            ("Financiën", "financien"),
            ("Dagbesteding", "dagbesteding"),
            ("Huisvesting", "huisvesting"),
            ("Huiselijke relaties", "relaties"),
            ("Geestelijke gezondheid", "geestelijke_gezondheid"),
            ("Lichamelijke gezondheid", "lichamelijke_gezondheid"),
            ("Verslaving", "middelengebruik"),
            ("ADL-vaardigheden", "adl"),
            ("Sociaal netwerk", "sociaal_netwerk"),
            ("Maatschappelijke participatie", "participatie"),
            ("Justitie", "justitie"),
        ],
    ),
    (
        "pga-monitor",
        "PGA-monitor",
        "1",
        PGA_SCALE,
        True,
        [
            ("Identiteitsbewijs", "identiteit"),
            ("Huisvesting", "huisvesting"),
            ("Inkomen", "financien"),
            ("Schulden", "financien"),
            ("Dagbesteding", "dagbesteding"),
            ("Opleiding en werk", "werk"),
            ("Lichamelijke gezondheid", "lichamelijke_gezondheid"),
            ("Psychische gezondheid", "geestelijke_gezondheid"),
            ("Middelengebruik", "middelengebruik"),
            ("Sociaal netwerk", "sociaal_netwerk"),
            ("Gezin en relaties", "relaties"),
            ("Justitie", "justitie"),
        ],
    ),
]

RULES = [
    (
        "hit",
        "High Impact Targets (HIT)",
        "Personen die in drie jaar tijd minstens één keer zijn veroordeeld voor een overval, "
        "straatroof of woninginbraak.",
        ["overval", "straatroof", "woninginbraak"],
        ["veroordeling"],
        3,
        1,
    ),
    (
        "top-x",
        "Top-X veelplegers",
        "Personen met minstens tien veroordelingen of strafbeschikkingen in vijf jaar.",
        [c[0] for c in CATEGORIES],
        ["veroordeling", "strafbeschikking"],
        5,
        10,
    ),
]


def configure(apps, schema_editor):
    OffenceCategory = apps.get_model("targets", "OffenceCategory")
    OffenceCode = apps.get_model("targets", "OffenceCode")
    TargetGroupRule = apps.get_model("targets", "TargetGroupRule")
    AssessmentInstrument = apps.get_model("targets", "AssessmentInstrument")
    InstrumentDomain = apps.get_model("targets", "InstrumentDomain")
    categories = {}
    for code, name, offence_codes, description in CATEGORIES:
        category, _ = OffenceCategory.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )
        categories[code] = category
        for offence_code in offence_codes:
            OffenceCode.objects.get_or_create(code=offence_code, defaults={"category": category})
    for code, name, description, category_codes, decisions, years, minimum in RULES:
        rule, created = TargetGroupRule.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "decisions": decisions,
                "window_years": years,
                "min_count": minimum,
            },
        )
        if created:
            rule.categories.set([categories[c] for c in category_codes])
    for code, name, version, scale, active, domains in INSTRUMENTS:
        instrument, created = AssessmentInstrument.objects.get_or_create(
            code=code,
            defaults={"name": name, "version": version, "scale_labels": scale, "is_active": active},
        )
        if created:
            for order, (domain, life_domain) in enumerate(domains, start=1):
                InstrumentDomain.objects.create(
                    instrument=instrument, order=order, name=domain, life_domain=life_domain
                )


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]
    operations = [migrations.RunPython(configure, migrations.RunPython.noop)]
