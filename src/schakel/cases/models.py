"""Cases: who and what they are about, who takes part, and their append-only history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import DataCategory, Organisation

from .querysets import (
    CaseEventQuerySet,
    CaseNoteQuerySet,
    CaseParticipationQuerySet,
    CaseQuerySet,
)
from .workflow import OPEN_STATUSES, CaseStatus


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(
        _("working title"),
        max_length=200,
        help_text=_("A short title without personal data, e.g. 'Overlast Dorpsstraat'."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    level = models.ForeignKey(
        "triage.EscalationLevel",
        verbose_name=_("escalation level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Veiligheidshuis"),
        on_delete=models.PROTECT,
        related_name="hosted_cases",
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_cases",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinated_cases",
    )
    source_signal = models.ForeignKey(
        "intake.Signal",
        verbose_name=_("signal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    persons = models.ManyToManyField(
        "registry.Person", verbose_name=_("persons"), blank=True, related_name="cases"
    )
    addresses = models.ManyToManyField(
        "registry.Address", verbose_name=_("addresses"), blank=True, related_name="cases"
    )
    businesses = models.ManyToManyField(
        "registry.Business", verbose_name=_("businesses"), blank=True, related_name="cases"
    )
    areas = models.ManyToManyField(
        "registry.Area", verbose_name=_("areas"), blank=True, related_name="cases"
    )
    reported_subjects = models.ManyToManyField(
        "registry.ReportedSubject",
        verbose_name=_("reported subjects"),
        blank=True,
        related_name="cases",
        help_text=_("Who partners said the case is about, as typed."),
    )
    review_date = models.DateField(_("review date"), null=True, blank=True)
    closing_reason = models.TextField(_("closing reason"), blank=True)
    closing_reason_category = models.CharField(
        _("data category of the closing reason"),
        max_length=16,
        choices=DataCategory.choices,
        default=DataCategory.GENERAL,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            # A signal leads to at most one case, also when two requests to open it race.
            models.UniqueConstraint(
                fields=["source_signal"],
                condition=models.Q(source_signal__isnull=False),
                name="one_case_per_signal",
            )
        ]
        # The case list shows the newest first and the dashboard the nearest reviews: walked in
        # index order, a page stops after 25 rows instead of sorting every case (the case list
        # took 0.3 s at 100,000 cases without it, docs/benchmarks.md).
        indexes = [
            models.Index(fields=["created_at"], name="case_created_idx"),
            models.Index(fields=["review_date"], name="case_review_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseParticipation(models.Model):
    """An organisation invited to take part in a case; the basis of need-to-know."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    purpose = models.CharField(_("purpose of participation"), max_length=300, blank=True)
    purpose_category = models.CharField(
        _("data category of the purpose"),
        max_length=16,
        choices=DataCategory.choices,
        default=DataCategory.GENERAL,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)
    end_reason_category = models.CharField(
        _("data category of the reason for ending"),
        max_length=16,
        choices=DataCategory.choices,
        default=DataCategory.GENERAL,
    )

    objects = CaseParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(ended_at__isnull=True),
                name="unique_active_participation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.case.reference}"


class CaseNote(models.Model):
    """Information shared on a case, tagged with the data category it belongs to."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    category = models.CharField(_("data category"), max_length=16, choices=DataCategory.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_category_display()}"


class CaseEvent(models.Model):
    """One line of a case's history: a status change or a decision. Never edited."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status change")
        TRIAGE = "triage", _("Triage decision")
        PARTICIPATION = "participation", _("Participation")
        DECISION = "decision", _("Decision")
        PLAN = "plan", _("Action plan")
        NOTE = "note", _("Note")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    description = models.TextField()
    # What the line reveals: the category of the reason or organisation it names.
    category = models.CharField(
        _("data category"),
        max_length=16,
        choices=DataCategory.choices,
        default=DataCategory.GENERAL,
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case history")

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.description}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("History entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("History entries cannot be deleted."))
