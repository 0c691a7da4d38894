"""Residents' reports get a random reference to look up their state (issue 13); the reports
already received get one too."""

import secrets

from django.db import migrations, models

import schakel.areas.models

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def give_references(apps, schema_editor):
    ResidentReport = apps.get_model("areas", "ResidentReport")
    taken = set()
    for report in ResidentReport.objects.filter(reference__isnull=True).only("pk"):
        while True:
            code = "".join(secrets.choice(ALPHABET) for _ in range(8))
            reference = f"M-{code[:4]}-{code[4:]}"
            if reference not in taken:
                break
        taken.add(reference)
        ResidentReport.objects.filter(pk=report.pk).update(reference=reference)


class Migration(migrations.Migration):
    dependencies = [("areas", "0002_finding_catalogue")]

    operations = [
        migrations.AddField(
            model_name="residentreport",
            name="reference",
            field=models.CharField(max_length=16, null=True, editable=False),
        ),
        migrations.RunPython(give_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="residentreport",
            name="reference",
            field=models.CharField(
                default=schakel.areas.models.new_report_reference,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="reference",
            ),
        ),
    ]
