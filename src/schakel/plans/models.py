"""Action plans: goals and interventions (carrot and stick) from a configurable catalogue."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import DataCategory, Organisation, OrganisationKind

from .querysets import InterventionQuerySet
from .workflow import OPEN_INTERVENTION_STATUSES, ActionPlanStatus, InterventionStatus


class InterventionDomain(models.TextChoices):
    CARE = "care", _("Care")
    ADMINISTRATIVE = "administrative", _("Administrative")
    CRIMINAL = "criminal", _("Criminal law")
    CIVIL = "civil", _("Civil law")
    FISCAL = "fiscal", _("Fiscal")


# Which data category an intervention's details fall in follows from its domain.
DOMAIN_CATEGORY = {
    InterventionDomain.CARE: DataCategory.CARE,
    InterventionDomain.ADMINISTRATIVE: DataCategory.GENERAL,
    InterventionDomain.CRIMINAL: DataCategory.JUSTICE,
    InterventionDomain.CIVIL: DataCategory.GENERAL,
    InterventionDomain.FISCAL: DataCategory.TAX,
}


class InterventionType(models.Model):
    """An entry of the intervention catalogue, maintained by the functioneel beheerder."""

    class Approach(models.TextChoices):
        CARROT = "carrot", _("Carrot (stimulating)")
        STICK = "stick", _("Stick (repressive)")

    name = models.CharField(_("name"), max_length=200, unique=True)
    domain = models.CharField(_("domain"), max_length=16, choices=InterventionDomain.choices)
    approach = models.CharField(_("carrot or stick"), max_length=8, choices=Approach.choices)
    owner_kind = models.CharField(
        _("owning organisation kind"), max_length=32, choices=OrganisationKind.choices
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    default_days = models.PositiveIntegerField(_("default term (days)"), default=30)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["domain", "name"]
        verbose_name = _("intervention type")
        verbose_name_plural = _("intervention catalogue")

    def __str__(self) -> str:
        return self.name

    @property
    def category(self) -> str:
        return DOMAIN_CATEGORY[self.domain]


class ActionPlan(models.Model):
    Status = ActionPlanStatus  # the statuses and their steps: workflow.py

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="plan")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.case.reference}"


class Goal(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("goal"), max_length=300)
    achieved = models.BooleanField(_("achieved"), default=False)
    # Set when the case ended before the goal was achieved: its end state, not achieved.
    ended_at = models.DateTimeField(_("ended unachieved at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return not self.achieved and self.ended_at is None


class Intervention(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="interventions")
    type = models.ForeignKey(
        InterventionType, verbose_name=_("intervention"), on_delete=models.PROTECT
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), null=True, blank=True, on_delete=models.SET_NULL
    )
    owner_organisation = models.ForeignKey(
        Organisation, verbose_name=_("owning organisation"), on_delete=models.PROTECT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interventions",
    )
    description = models.TextField(_("what exactly"), blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PLANNED,
    )
    result = models.TextField(_("result"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        indexes = [
            # The overdue interventions a director chases, soonest first (dashboard): walked in
            # deadline order, stopping at the page's 30, instead of sorting every open one.
            models.Index(
                fields=["deadline", "id"],
                name="intervention_open_deadline_idx",
                condition=models.Q(status__in=["planned", "in_progress"]),
            ),
        ]

    def __str__(self) -> str:
        return str(self.type)

    @property
    def category(self) -> str:
        return self.type.category

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_INTERVENTION_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.localdate()
