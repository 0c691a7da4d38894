"""The destruction log: what the retention job deleted, without any personal data.

One row per destroyed record (a finished case with everything hanging off it, a signal that led
to no case, a judicial registration): its kind, internal id, reference, the date its period ran
from, the rule applied, when, and how many dependent rows of each kind went with it. Names, BSNs,
addresses and texts are never written here; they are gone, and this log proves it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    FINISHED_CASE = "finished_case", _("Finished case")
    SIGNAL_WITHOUT_CASE = "signal_without_case", _("Signal that led to no case")
    REGISTRATION = "registration", _("Judicial registration")


class DestructionRecord(models.Model):
    kind = models.CharField(_("kind of record"), max_length=32, choices=RecordKind.choices)
    object_id = models.BigIntegerField(_("internal id"))
    reference = models.CharField(
        _("reference"),
        max_length=64,
        blank=True,
        help_text=_("The case or signal reference; for a registration its source."),
    )
    base_date = models.DateField(_("period counted from"))
    rule = models.CharField(_("rule applied"), max_length=200)
    destroyed_at = models.DateTimeField(_("destroyed at"), db_index=True)
    dependent_counts = models.JSONField(_("dependent rows deleted"), default=dict)

    class Meta:
        ordering = ["-destroyed_at", "-id"]
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction log")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id}"
