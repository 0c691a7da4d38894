"""The person-oriented approach: target-group lists (HIT, Top-X, PGA), their selection rules,
judicial registrations, the decisions that put a person on a list, life-domain assessments,
bottlenecks, and the monthly evaluation against a program theory.

Judicial registrations come from an OM/police extract; which offence codes belong to which
category, which categories and decisions a rule counts, and the assessment instruments are data
that the functioneel beheerder maintains in the admin.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import Organisation

from .querysets import BottleneckQuerySet, ListMembershipQuerySet, MeetingActionQuerySet
from .selection import RuleSpec
from .workflow import OPEN_BOTTLENECK_STATUSES, BottleneckStatus, status_choices_from


class JudicialDecision(models.TextChoices):
    CONVICTION = "veroordeling", _("Conviction")
    PENALTY_ORDER = "strafbeschikking", _("Penalty order (OM)")
    ACQUITTAL = "vrijspraak", _("Acquittal")
    DISCHARGE = "ontslag", _("Discharge from prosecution")
    DISMISSAL = "sepot", _("Dismissal (sepot)")
    PENDING = "lopend", _("Pending")


class LifeDomain(models.TextChoices):
    """The life domains (leefgebieden) that assessments, interventions and trends share."""

    FINANCES = "financien", _("Income and debts")
    WORK = "werk", _("Work and education")
    DAYTIME = "dagbesteding", _("Day activities")
    HOUSING = "huisvesting", _("Housing")
    RELATIONS = "relaties", _("Domestic relations")
    MENTAL_HEALTH = "geestelijke_gezondheid", _("Mental health")
    PHYSICAL_HEALTH = "lichamelijke_gezondheid", _("Physical health")
    ADDICTION = "middelengebruik", _("Substance use")
    DAILY_LIVING = "adl", _("Daily living skills")
    SOCIAL_NETWORK = "sociaal_netwerk", _("Social network")
    PARTICIPATION = "participatie", _("Participation in society")
    JUSTICE = "justitie", _("Justice")
    IDENTITY = "identiteit", _("Identity document")


# --- Offences and judicial registrations ---------------------------------------------------


class OffenceCategory(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("offence category")
        verbose_name_plural = _("offence categories")

    def __str__(self) -> str:
        return self.name


class OffenceCode(models.Model):
    """An offence code of the extract (e.g. an article of the Penal Code) and its category."""

    code = models.CharField(_("offence code"), max_length=40, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    category = models.ForeignKey(
        OffenceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="codes",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("offence code")
        verbose_name_plural = _("offence codes")

    def __str__(self) -> str:
        return f"{self.code} → {self.category}"


class PersonReference(models.Model):
    """A source's own reference for a person, so that a re-import finds the same person."""

    source = models.CharField(_("source"), max_length=40)
    ref = models.CharField(_("reference"), max_length=64)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="source_references"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "ref"]
        verbose_name = _("person reference")
        verbose_name_plural = _("person references")
        constraints = [
            models.UniqueConstraint(fields=["source", "ref"], name="unique_person_reference")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.ref}"


class RegistrationImport(models.Model):
    """One import of an extract: who, when, what came in (no personal data)."""

    source = models.CharField(_("source"), max_length=40)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    persons_created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("registration import")
        verbose_name_plural = _("registration imports")

    def __str__(self) -> str:
        return f"{self.source} {self.imported_at:%Y-%m-%d %H:%M}"


class JudicialRegistration(models.Model):
    # Unique per source (below): two suppliers may use the same id for different registrations.
    registration_id = models.CharField(_("registration id"), max_length=64)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="judicial_registrations",
    )
    offence_date = models.DateField(_("offence date"))
    offence_category = models.ForeignKey(
        OffenceCategory, verbose_name=_("offence category"), on_delete=models.PROTECT
    )
    decision = models.CharField(_("decision"), max_length=20, choices=JudicialDecision.choices)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=40)
    import_batch = models.ForeignKey(
        RegistrationImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["offence_date", "registration_id"]
        verbose_name = _("judicial registration")
        verbose_name_plural = _("judicial registrations")
        indexes = [models.Index(fields=["person", "offence_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "registration_id"], name="unique_registration_per_source"
            )
        ]

    def __str__(self) -> str:
        return self.registration_id

    def clean(self):
        if self.decision != JudicialDecision.PENDING and self.decision_date is None:
            raise ValidationError(_("A decision needs a decision date."))
        if self.decision_date and self.offence_date and self.decision_date < self.offence_date:
            raise ValidationError(_("The decision date lies before the offence date."))


# --- Rules and lists ---------------------------------------------------------------------


class TargetGroupRule(models.Model):
    """Who belongs to a target group: configured by the functioneel beheerder."""

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Used on the command line, e.g. 'hit'.")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    categories = models.ManyToManyField(
        OffenceCategory, verbose_name=_("offence categories that count"), related_name="rules"
    )
    decisions = models.JSONField(
        _("decisions that count"),
        default=list,
        help_text=_("Codes of judicial decisions, e.g. ['veroordeling']."),
    )
    window_years = models.PositiveSmallIntegerField(_("time window (years)"), default=3)
    min_count = models.PositiveSmallIntegerField(_("minimum number"), default=1)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target-group rule")
        verbose_name_plural = _("target-group rules")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        unknown = set(self.decisions or []) - set(JudicialDecision.values)
        if unknown:
            raise ValidationError({"decisions": _("Unknown decision codes.")})
        if self.window_years < 1:
            raise ValidationError({"window_years": _("The window is at least one year.")})
        if self.min_count < 1:
            raise ValidationError({"min_count": _("At least one registration must count.")})
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValidationError(_("The minimum age lies above the maximum age."))

    def spec(self) -> RuleSpec:
        return RuleSpec(
            categories=frozenset(self.categories.values_list("code", flat=True)),
            decisions=frozenset(self.decisions or []),
            window_years=self.window_years,
            min_count=self.min_count,
            min_age=self.min_age,
            max_age=self.max_age,
        )


class TargetList(models.Model):
    """A target-group list (e.g. the HIT list of a Veiligheidshuis) and the team that runs it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    rule = models.ForeignKey(
        TargetGroupRule, verbose_name=_("selection rule"), on_delete=models.PROTECT
    )
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Veiligheidshuis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="target_lists",
        help_text=_("Its process directors and coordinators see the whole list."),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("list team"),
        blank=True,
        related_name="target_list_teams",
        help_text=_("Coordinators who apply the rule, decide inflow and outflow and see the list."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target-group list")
        verbose_name_plural = _("target-group lists")

    def __str__(self) -> str:
        return self.name


class RuleApplication(models.Model):
    """The rule applied on a date: the proposals it gave, kept so that decisions refer to them."""

    target_list = models.ForeignKey(
        TargetList, on_delete=models.CASCADE, related_name="applications"
    )
    as_of = models.DateField(_("as of"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("rule application")
        verbose_name_plural = _("rule applications")

    def __str__(self) -> str:
        return f"{self.target_list} {self.as_of}"


class Direction(models.TextChoices):
    IN = "in", _("Inflow")
    OUT = "out", _("Outflow")
    NOT_IN = "not_in", _("Not included")
    # Not a move on or off the list: who is the person's accountable coordinator from now on.
    COORDINATOR = "coord", _("Coordinator assigned")


class Proposal(models.Model):
    application = models.ForeignKey(
        RuleApplication, on_delete=models.CASCADE, related_name="proposals"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["direction", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.application_id}:{self.direction}:{self.person_id}"


class ListDecision(models.Model):
    """A recorded decision to take a person onto a list, off it, or not onto it. Never edited."""

    target_list = models.ForeignKey(TargetList, on_delete=models.PROTECT, related_name="decisions")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="list_decisions"
    )
    direction = models.CharField(_("decision"), max_length=8, choices=Direction.choices)
    effective_on = models.DateField(_("effective on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    best_cards = models.ForeignKey(
        Organisation,
        verbose_name=_("partner holding the best cards"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("list decision")
        verbose_name_plural = _("list decisions")

    def __str__(self) -> str:
        return f"{self.target_list} {self.direction} {self.person_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Recorded decisions cannot be changed."))
        super().save(*args, **kwargs)


class ListMembership(models.Model):
    """A person on a list, from an inflow decision until an outflow decision."""

    target_list = models.ForeignKey(
        TargetList, on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="list_memberships"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="target_memberships",
    )
    included_on = models.DateField(_("included on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    inclusion = models.ForeignKey(
        ListDecision, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    exit = models.ForeignKey(
        ListDecision, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = ListMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-included_on", "id"]
        verbose_name = _("list membership")
        verbose_name_plural = _("list memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["target_list", "person"],
                condition=models.Q(ended_on__isnull=True),
                name="unique_active_list_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_list} {self.person_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


# --- Life-domain assessments ---------------------------------------------------------------


class AssessmentInstrument(models.Model):
    """A versioned instrument such as the ZRM 2017; its scale labels run from 1 upward."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    version = models.CharField(_("version"), max_length=20)
    scale_labels = models.JSONField(
        _("scale labels"), default=dict, help_text=_('{"1": "Acuut probleem", ...}')
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    @property
    def scale(self) -> list[tuple[int, str]]:
        return sorted((int(k), v) for k, v in (self.scale_labels or {}).items())

    @property
    def scale_max(self) -> int:
        return max((k for k, _v in self.scale), default=5)


class InstrumentDomain(models.Model):
    instrument = models.ForeignKey(
        AssessmentInstrument, on_delete=models.CASCADE, related_name="domains"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100)
    life_domain = models.CharField(_("life domain"), max_length=32, choices=LifeDomain.choices)

    class Meta:
        ordering = ["instrument", "order"]
        verbose_name = _("instrument domain")
        verbose_name_plural = _("instrument domains")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "name"], name="unique_instrument_domain")
        ]

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="life_domain_assessments"
    )
    instrument = models.ForeignKey(
        AssessmentInstrument, verbose_name=_("instrument"), on_delete=models.PROTECT
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.instrument} {self.assessed_on}"


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(InstrumentDomain, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        ordering = ["domain__order"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="unique_assessment_score")
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.score}"


# --- Bottlenecks -------------------------------------------------------------------------


class BottleneckKind(models.TextChoices):
    DAY_ACTIVITIES = "dagbesteding", _("Day activities")
    HOUSING = "huisvesting", _("Housing")
    TAILORED = "maatwerk", _("Tailored intervention not available")
    PROCESS = "proces", _("Process")
    DATA_SHARING = "informatiedeling", _("Data sharing")
    OTHER = "overig", _("Other")


class Bottleneck(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    target_list = models.ForeignKey(
        TargetList, on_delete=models.PROTECT, related_name="bottlenecks"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BottleneckKind.choices)
    description = models.TextField(_("description"))
    asked_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner asked to solve it"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BottleneckStatus.choices, default=BottleneckStatus.OPEN
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateField(_("raised on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    objects = BottleneckQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("bottleneck")
        verbose_name_plural = _("bottlenecks")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_BOTTLENECK_STATUSES

    @property
    def status_choices(self) -> list[tuple[str, str]]:
        """The current status and the steps the workflow table allows from it, for the form."""
        return status_choices_from(self.status)


class InterventionLifeDomain(models.Model):
    """Optional tag: which life domain an intervention of the action plan works on."""

    intervention = models.OneToOneField(
        "plans.Intervention", on_delete=models.CASCADE, related_name="life_domain_tag"
    )
    life_domain = models.CharField(_("life domain"), max_length=32, choices=LifeDomain.choices)
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    tagged_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("life domain of an intervention")
        verbose_name_plural = _("life domains of interventions")

    def __str__(self) -> str:
        return self.get_life_domain_display()


# --- Monthly evaluation ------------------------------------------------------------------


class ProgramTheory(models.Model):
    """How the approach should lead to less recidivism, and under which conditions."""

    target_list = models.OneToOneField(
        TargetList, on_delete=models.CASCADE, related_name="program_theory"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("program theory")
        verbose_name_plural = _("program theories")

    def __str__(self) -> str:
        return self.title


class TheoryBox(models.Model):
    class Kind(models.TextChoices):
        INTERVENTION = "intervention", _("Interventions")
        INTERMEDIATE = "intermediate", _("Intermediate outcome")
        OUTCOME = "outcome", _("Outcome")
        CONDITION = "condition", _("Condition")

    theory = models.ForeignKey(ProgramTheory, on_delete=models.CASCADE, related_name="boxes")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    indicators = models.JSONField(
        _("indicators"),
        default=list,
        blank=True,
        help_text=_("Codes of the indicators that measure this box."),
    )

    class Meta:
        ordering = ["theory", "order", "id"]
        verbose_name = _("program theory box")
        verbose_name_plural = _("program theory boxes")

    def __str__(self) -> str:
        return self.text

    def clean(self):
        from .metrics import INDICATORS

        unknown = set(self.indicators or []) - set(INDICATORS)
        if unknown:
            raise ValidationError({"indicators": _("Unknown indicator codes.")})


class EvaluationMeeting(models.Model):
    """The monthly meeting of coordinators, supporters, policy adviser and project leader."""

    target_list = models.ForeignKey(TargetList, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("held on"))
    theme = models.CharField(_("theme"), max_length=200)
    insights = models.TextField(_("insights"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("evaluation meeting")
        verbose_name_plural = _("evaluation meetings")

    def __str__(self) -> str:
        return f"{self.held_on} {self.theme}"


class MeetingAction(models.Model):
    class Check(models.TextChoices):
        PENDING = "pending", _("Not checked yet")
        DONE = "done", _("Done")
        PARTLY = "partly", _("Partly done")
        NOT_DONE = "not_done", _("Not done")

    meeting = models.ForeignKey(EvaluationMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action agreed"), max_length=300)
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    check_result = models.CharField(
        _("check"), max_length=10, choices=Check.choices, default=Check.PENDING
    )
    check_note = models.TextField(_("check note"), blank=True)
    checked_in = models.ForeignKey(
        EvaluationMeeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checked_actions",
    )

    objects = MeetingActionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")

    def __str__(self) -> str:
        return self.description
