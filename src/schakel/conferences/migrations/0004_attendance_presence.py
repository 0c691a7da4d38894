"""Attendance becomes present / absent / absent with apologies (issue 11); who was marked
present keeps that."""

from django.db import migrations, models


def copy_present(apps, schema_editor):
    Attendance = apps.get_model("conferences", "Attendance")
    Attendance.objects.filter(present=True).update(presence="present")


def copy_back(apps, schema_editor):
    Attendance = apps.get_model("conferences", "Attendance")
    Attendance.objects.filter(presence="present").update(present=True)


class Migration(migrations.Migration):
    dependencies = [("conferences", "0003_agenda_question_category")]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="presence",
            field=models.CharField(
                choices=[
                    ("unknown", "not recorded"),
                    ("present", "present"),
                    ("absent", "absent"),
                    ("apologies", "absent with apologies"),
                ],
                default="unknown",
                max_length=10,
                verbose_name="attendance",
            ),
        ),
        migrations.RunPython(copy_present, copy_back),
        migrations.RemoveField(model_name="attendance", name="present"),
    ]
