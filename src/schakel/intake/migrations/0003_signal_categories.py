from django.db import migrations

CATEGORIES = [
    "Overlast",
    "Woonoverlast",
    "Huiselijk geweld",
    "Ondermijning",
    "Drugsproblematiek",
    "Zorgmijding / verward gedrag",
    "Jeugdcriminaliteit",
    "Radicalisering",
    "Nazorg ex-gedetineerde",
    "High Impact Crime",
]


def add_categories(apps, schema_editor):
    SignalCategory = apps.get_model("intake", "SignalCategory")
    for name in CATEGORIES:
        SignalCategory.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
