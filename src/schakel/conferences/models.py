"""Case conferences: agenda, attendees and their confidentiality statement, decisions, reviews."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import DataCategory, Organisation

from .querysets import AgendaItemQuerySet, ConferenceQuerySet, DecisionQuerySet
from .workflow import ConferenceStatus


class Conference(models.Model):
    Status = ConferenceStatus  # the statuses and their steps: workflow.py

    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    host_organisation = models.ForeignKey(
        Organisation, verbose_name=_("host"), on_delete=models.PROTECT, related_name="+"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="chaired_conferences",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    cases = models.ManyToManyField(
        "cases.Case", through="AgendaItem", related_name="conferences", verbose_name=_("cases")
    )
    minutes = models.TextField(_("general minutes"), blank=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        constraints = [
            models.UniqueConstraint(
                fields=["host_organisation", "title", "starts_at"], name="unique_conference_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d-%m-%Y})"


class AgendaItem(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(_("question for the conference"), max_length=300, blank=True)
    question_category = models.CharField(
        _("data category of the question"),
        max_length=16,
        choices=DataCategory.choices,
        default=DataCategory.GENERAL,
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "case"], name="unique_agenda_case")
        ]

    def __str__(self) -> str:
        return f"{self.conference}: {self.case.reference}"


class Attendance(models.Model):
    """An invited attendee; `confidentiality_accepted_at` is set when they sign the statement.

    `presence` is what the minutes record: present, absent, or absent with apologies (an
    invited attendee is 'unknown' until the chair records it; signing makes them present)."""

    class Presence(models.TextChoices):
        UNKNOWN = "unknown", _("not recorded")
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        APOLOGIES = "apologies", _("absent with apologies")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    presence = models.CharField(
        _("attendance"), max_length=10, choices=Presence.choices, default=Presence.UNKNOWN
    )
    confidentiality_accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "user"], name="unique_attendee")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Decision(models.Model):
    """A decision taken on a case in a conference."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="decisions")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField(_("decision"))
    category = models.CharField(
        _("data category"), max_length=16, choices=DataCategory.choices, default="general"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]


class ActionReview(models.Model):
    """In a conference: why an open intervention was not done."""

    class Reason(models.TextChoices):
        CIRCUMSTANCES = "circumstances", _("Circumstances changed")
        PARTNER = "partner", _("Partner did not do it")
        OTHER = "other", _("Other")

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="reviews")
    intervention = models.ForeignKey(
        "plans.Intervention", on_delete=models.PROTECT, related_name="reviews"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    explanation = models.TextField(_("explanation"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "intervention"], name="unique_action_review"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intervention}: {self.get_reason_display()}"
