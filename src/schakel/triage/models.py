"""The escalation ladder (modelled on AVE), the ZVH intake criteria, and triage decisions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import DataCategory, Organisation

from .querysets import TriageDecisionQuerySet


class EscalationLevel(models.Model):
    """One rung of the ladder: who leads, and how long until the level is reviewed."""

    number = models.PositiveSmallIntegerField(_("level"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    lead_description = models.CharField(_("who leads"), max_length=200, blank=True)
    review_after_days = models.PositiveIntegerField(_("review after (days)"), default=90)
    opens_case = models.BooleanField(
        _("Veiligheidshuis case"),
        default=False,
        help_text=_("At this level the Veiligheidshuis directs the process in a case."),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("escalation level")
        verbose_name_plural = _("escalation levels")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class IntakeCriterion(models.Model):
    """A yes/no question of the intake; `group` expresses the AND/OR structure.

    The ZVH intake holds when every criterion in group "all" is met and at least one criterion
    in group "any" is met.
    """

    class Group(models.TextChoices):
        ALL = "all", _("Must all hold")
        ANY = "any", _("At least one must hold")

    code = models.SlugField(_("code"), unique=True)
    question = models.CharField(_("question"), max_length=300)
    group = models.CharField(_("group"), max_length=8, choices=Group.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("intake criterion")
        verbose_name_plural = _("intake criteria")

    def __str__(self) -> str:
        return self.question


class TriageDecision(models.Model):
    """A decision on the ladder, for a signal (first triage) or a case (scale up / down)."""

    signal = models.ForeignKey(
        "intake.Signal",
        verbose_name=_("signal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="triage_decisions",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="triage_decisions",
    )
    level = models.ForeignKey(EscalationLevel, verbose_name=_("level"), on_delete=models.PROTECT)
    lead_organisation = models.ForeignKey(
        Organisation, verbose_name=_("lead organisation"), on_delete=models.PROTECT
    )
    reason = models.TextField(_("reason"))
    reason_category = models.CharField(
        _("data category of the reason"),
        max_length=16,
        choices=DataCategory.choices,
        default=DataCategory.GENERAL,
    )
    review_date = models.DateField(_("review date"))
    criteria_met = models.BooleanField(_("ZVH intake criteria met"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    objects = TriageDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("triage decision")
        verbose_name_plural = _("triage decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signal__isnull=False) | models.Q(case__isnull=False),
                name="triage_decision_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.level} ({self.decided_at:%Y-%m-%d})"


class CriterionAnswer(models.Model):
    decision = models.ForeignKey(TriageDecision, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(IntakeCriterion, on_delete=models.PROTECT)
    answer = models.BooleanField(_("answer"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "criterion"], name="unique_answer")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.answer}"
