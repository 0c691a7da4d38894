"""The default statements of the neighbourhood survey (buurtpeiling).

Modelled on the themes of the CBS Veiligheidsmonitor (feeling of safety, nuisance, trust in the
police and municipality), shortened to five statements that a resident answers in a minute. The
functioneel beheerder edits them in the admin; a survey keeps the statements it was opened with.
"""

from django.db import migrations

QUESTIONS = [
    # text, theme, agreeing is good
    ("Ik voel me veilig in mijn buurt.", "veiligheid", True),
    ("Ik voel me 's avonds veilig op straat in mijn buurt.", "veiligheid", True),
    ("Er is veel overlast in mijn buurt.", "overlast", False),
    ("De politie en de gemeente pakken problemen in mijn buurt aan.", "vertrouwen", True),
    ("Ik weet bij wie ik terecht kan als er iets speelt in mijn buurt.", "vertrouwen", True),
]


def add_questions(apps, schema_editor):
    SurveyQuestion = apps.get_model("areas", "SurveyQuestion")
    for order, (text, theme, good) in enumerate(QUESTIONS, start=1):
        SurveyQuestion.objects.get_or_create(
            text=text, defaults={"theme": theme, "agreeing_is_good": good, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("areas", "0004_plan_commitment_survey_presence")]

    operations = [migrations.RunPython(add_questions, migrations.RunPython.noop)]
