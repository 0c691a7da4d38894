"""The area-based approach: area boundaries, hot-spot plans with goals, joint inspections and
their findings, owners of premises, the chronicle of an area, and residents' reports.

An area itself is `registry.Area` (name, kind, CBS code, parent); this app adds what the approach
needs around it. Incidents are in `schakel.incidents`; cases, interventions and persons stay in
their own apps and are read only through `access.policy`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import DataCategory, Organisation

from .querysets import FindingQuerySet, JointInspectionQuerySet
from .workflow import InspectionStatus, ResidentReportStatus


class AreaBoundary(models.Model):
    """The outline of an area: a GeoJSON (Multi)Polygon in WGS84, with its RD New bounding box.

    Areas with a CBS code but no outline are still areas; their incidents are those inside the
    outlines of the areas within them (incidents carry only a point, not an address).
    """

    area = models.OneToOneField(
        "registry.Area", on_delete=models.CASCADE, related_name="boundary", verbose_name=_("area")
    )
    geometry = models.JSONField(_("outline (GeoJSON, WGS84)"))
    x_min = models.FloatField(_("x min (RD New)"))
    y_min = models.FloatField(_("y min (RD New)"))
    x_max = models.FloatField(_("x max (RD New)"))
    y_max = models.FloatField(_("y max (RD New)"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("area outline")
        verbose_name_plural = _("area outlines")

    def __str__(self) -> str:
        return str(self.area)


class FindingType(models.Model):
    """A catalogue entry of what a joint inspection may find, and the follow-up it calls for.

    Maintained by the functioneel beheerder, like the intervention catalogue it points to.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    data_category = models.CharField(
        _("data category"),
        max_length=16,
        choices=DataCategory.choices,
        default=DataCategory.GENERAL,
        help_text=_("Which kind of information a finding of this type is."),
    )
    intervention_type = models.ForeignKey(
        "plans.InterventionType",
        verbose_name=_("follow-up intervention"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_term_days = models.PositiveIntegerField(
        _("legal term (days)"),
        default=28,
        help_text=_("Days from the visit within which the follow-up must be done."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("finding type")
        verbose_name_plural = _("finding catalogue")

    def __str__(self) -> str:
        return self.name


class HotspotPlan(models.Model):
    """The plan that a quick scan of an area yields: hot-spot cases, norms, goals, partners."""

    area = models.ForeignKey(
        "registry.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A short title without personal data, e.g. 'Aanpak Molenbuurt 2026'."),
    )
    problem = models.TextField(
        _("problem analysis (quick scan)"),
        blank=True,
        help_text=_("What the quick scan found, in aggregate terms and without personal data."),
    )
    norms = models.TextField(
        _("agreed norms"),
        blank=True,
        help_text=_("What the partners agreed is and is not acceptable in this area."),
    )
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Veiligheidshuis"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("area director"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners committed"), blank=True, related_name="+"
    )
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("hot-spot cases"), blank=True, related_name="hotspot_plans"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_public = models.BooleanField(
        _("results are public"),
        default=False,
        help_text=_("Show aggregated results to residents on a public page."),
    )
    public_summary = models.TextField(
        _("summary for residents"),
        blank=True,
        help_text=_("Shown on the public results page: no personal data, no case details."),
    )
    steering_group = models.TextField(
        _("steering group"),
        blank=True,
        help_text=_(
            "Who gives the approach its backing (e.g. mayor, chief of police, chief public "
            "prosecutor, director of the housing association): functions, not names."
        ),
    )
    what_worked = models.TextField(
        _("what worked"),
        blank=True,
        help_text=_("Lessons for the method report: what worked and why. No personal data."),
    )
    what_did_not_work = models.TextField(
        _("what did not work"),
        blank=True,
        help_text=_("Lessons for the method report: what did not work, and what you would change."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("hot-spot plan")
        verbose_name_plural = _("hot-spot plans")

    def __str__(self) -> str:
        return self.title


class PlanGoal(models.Model):
    """A measurable goal: incidents of a category change by a percentage against a baseline.

    E.g. category "overlast", −30 %, measured 1 Jan – 31 Dec 2026 against 2025. Progress is
    computed from the incident data (`areas.selectors.plans.goal_progress_for`), never typed in.
    """

    plan = models.ForeignKey(HotspotPlan, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("goal"), max_length=300)
    incident_category = models.CharField(
        _("incident category"),
        max_length=64,
        blank=True,
        help_text=_("Leave empty to count incidents of every category."),
    )
    target_percent = models.IntegerField(
        _("target change (%)"), help_text=_("E.g. -30 for thirty per cent fewer incidents.")
    )
    baseline_start = models.DateField(_("baseline from"))
    baseline_end = models.DateField(_("baseline until"))
    measure_start = models.DateField(_("measured from"))
    measure_end = models.DateField(_("measured until"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(baseline_end__gt=models.F("baseline_start")),
                name="goal_baseline_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(measure_end__gt=models.F("measure_start")),
                name="goal_measure_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class JointInspection(models.Model):
    """An integrale controle: several partners visit chosen addresses together."""

    Status = InspectionStatus  # the statuses and their steps: workflow.py

    area = models.ForeignKey(
        "registry.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    plan = models.ForeignKey(
        HotspotPlan,
        verbose_name=_("hot-spot plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    title = models.CharField(_("title"), max_length=200)
    host_organisation = models.ForeignKey(
        Organisation, verbose_name=_("Veiligheidshuis"), on_delete=models.PROTECT, related_name="+"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("area director"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_for = models.DateField(_("date of the visit"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    briefing = models.TextField(_("briefing"), blank=True)
    addresses = models.ManyToManyField(
        "registry.Address", verbose_name=_("addresses"), related_name="inspections"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("participating partners"), related_name="inspections"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = JointInspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_for", "-id"]
        verbose_name = _("joint inspection")
        verbose_name_plural = _("joint inspections")

    def __str__(self) -> str:
        return f"{self.title} ({self.planned_for:%d-%m-%Y})"


class Finding(models.Model):
    """What one partner found at one address during a joint inspection."""

    inspection = models.ForeignKey(
        JointInspection, on_delete=models.PROTECT, related_name="findings"
    )
    address = models.ForeignKey(
        "registry.Address",
        verbose_name=_("address"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )
    finding_type = models.ForeignKey(
        FindingType, verbose_name=_("finding"), on_delete=models.PROTECT
    )
    description = models.TextField(_("details"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("follow-up case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    intervention = models.OneToOneField(
        "plans.Intervention",
        verbose_name=_("follow-up intervention"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="finding",
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.finding_type} #{self.pk}"

    @property
    def category(self) -> str:
        return self.finding_type.data_category


class Ownership(models.Model):
    """Who owns a premises (address): a person or a business."""

    address = models.ForeignKey(
        "registry.Address",
        verbose_name=_("premises"),
        on_delete=models.CASCADE,
        related_name="ownerships",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ownerships",
    )
    business = models.ForeignKey(
        "registry.Business",
        verbose_name=_("business"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ownerships",
    )
    since = models.DateField(_("owner since"), null=True, blank=True)

    class Meta:
        ordering = ["address_id", "id"]
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, business__isnull=True)
                    | models.Q(person__isnull=True, business__isnull=False)
                ),
                name="ownership_person_xor_business",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} @ {self.address_id}"


class ChronicleEntry(models.Model):
    """A manual line in the kroniek of an area. General information only: no case details."""

    area = models.ForeignKey(
        "registry.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="chronicle_entries",
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("chronicle entry")
        verbose_name_plural = _("chronicle entries")

    def __str__(self) -> str:
        return self.title


#: Letters and digits that cannot be mistaken for one another when read aloud or typed.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_report_reference() -> str:
    """ "M-7KQ2-XH4D": 40 random bits (8 characters of 32), for a resident's report."""
    import secrets

    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"M-{code[:4]}-{code[4:]}"


class ResidentReport(models.Model):
    """A resident's report of nuisance, from the public page (no log-in).

    Kept apart from partners' signals: it has no reporting organisation or professional, and it
    is seen by the Veiligheidshuis and the area's directors on the area page and the dashboard.
    No IP address or other identifier of the sender is stored; the contact e-mail is optional.
    """

    class Category(models.TextChoices):
        NUISANCE = "overlast", _("Nuisance (noise, disturbance)")
        DRUGS = "drugs", _("Drug dealing or drug nuisance")
        YOUTH = "jeugd", _("Youth nuisance")
        PREMISES = "pand", _("Suspicious premises (e.g. cannabis growing, overcrowding)")
        LITTER = "afval", _("Litter and dumping")
        TRAFFIC = "verkeer", _("Traffic nuisance")
        OTHER = "overig", _("Something else")

    Status = ResidentReportStatus  # the statuses and their steps: workflow.py

    category = models.CharField(_("what is it about"), max_length=16, choices=Category.choices)
    description = models.TextField(_("description"))
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    house_number = models.PositiveIntegerField(_("house number"), null=True, blank=True)
    house_number_addition = models.CharField(_("addition"), max_length=10, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    x = models.FloatField(_("x (RD New)"), null=True, blank=True)
    y = models.FloatField(_("y (RD New)"), null=True, blank=True)
    address = models.ForeignKey(
        "registry.Address",
        verbose_name=_("address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resident_reports",
    )
    area = models.ForeignKey(
        "registry.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resident_reports",
    )
    contact_email = models.EmailField(_("e-mail address for a reply"), blank=True)
    # The resident's key to look up the state of the report (`new_report_reference`): random,
    # so that it cannot be guessed from another's, and shown only once, after sending.
    reference = models.CharField(
        _("reference"),
        max_length=16,
        unique=True,
        editable=False,
        default=new_report_reference,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("resident report")
        verbose_name_plural = _("resident reports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()}"


# --- Commitment and residents (issue 13, seeds 003 and 004) -----------------------------------


class PlanCommitment(models.Model):
    """A partner's management signs the plan off: who, when, with what mandate ("strategische
    rugdekking"). One sign-off per partner per plan; a new one replaces it through the service."""

    plan = models.ForeignKey(HotspotPlan, on_delete=models.CASCADE, related_name="commitments")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.CharField(
        _("signed off by (function)"),
        max_length=200,
        help_text=_("The function of the manager who signed, e.g. 'teamchef basisteam'."),
    )
    signed_on = models.DateField(_("signed off on"))
    mandate = models.TextField(
        _("mandate"),
        help_text=_("What the partner commits: people, hours, powers, budget."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("sign-off by a partner")
        verbose_name_plural = _("sign-offs by partners")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation"], name="one_commitment_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.signed_on})"


class ResidentsMeeting(models.Model):
    """A meeting with residents in the plan: who took part, what was agreed, the follow-up."""

    plan = models.ForeignKey(
        HotspotPlan, on_delete=models.CASCADE, related_name="residents_meetings"
    )
    held_on = models.DateField(_("held on"))
    participants = models.TextField(
        _("who took part"),
        help_text=_(
            "E.g. '14 residents, the residents' committee, wijkagent, housing association'."
        ),
    )
    agreements = models.TextField(_("what was agreed"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_by = models.DateField(_("follow-up by"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("residents' meeting")
        verbose_name_plural = _("residents' meetings")

    def __str__(self) -> str:
        return str(self.held_on)


class SurveyQuestion(models.Model):
    """A statement of the neighbourhood survey (buurtpeiling), answered on a five-point scale.

    The functioneel beheerder keeps the questionnaire; a survey takes the active questions when
    it is opened, so later edits do not change what earlier respondents answered."""

    class Theme(models.TextChoices):
        SAFETY = "veiligheid", _("Feeling of safety")
        NUISANCE = "overlast", _("Nuisance")
        TRUST = "vertrouwen", _("Trust")
        OTHER = "overig", _("Other")

    text = models.CharField(_("statement"), max_length=300)
    theme = models.CharField(_("theme"), max_length=16, choices=Theme.choices)
    agreeing_is_good = models.BooleanField(
        _("agreeing is good"),
        default=True,
        help_text=_("Off for statements like 'There is a lot of nuisance in my street'."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("survey statement")
        verbose_name_plural = _("survey statements")

    def __str__(self) -> str:
        return self.text


def new_survey_token() -> str:
    import secrets

    return secrets.token_urlsafe(12)


class NeighbourhoodSurvey(models.Model):
    """A buurtpeiling in one area and period, answered anonymously through a public link."""

    area = models.ForeignKey(
        "registry.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    questions = models.ManyToManyField(SurveyQuestion, related_name="+")
    #: The public link's key: random, so that surveys cannot be found by counting.
    token = models.CharField(max_length=32, unique=True, default=new_survey_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("neighbourhood survey")
        verbose_name_plural = _("neighbourhood surveys")

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class SurveyResponse(models.Model):
    """One anonymous respondent: the day only, nothing about who or from where."""

    survey = models.ForeignKey(
        NeighbourhoodSurvey, on_delete=models.CASCADE, related_name="responses"
    )
    answered_on = models.DateField()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.answered_on})"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="survey_answer_on_scale"
            ),
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_statement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"


class Presence(models.Model):
    """Visible presence in the neighbourhood (seed 004): who was where, when, how long, how."""

    class Kind(models.TextChoices):
        FOOT_PATROL = "voetsurveillance", _("Foot patrol")
        SURGERY = "spreekuur", _("Surgery hour")
        RESIDENTS_MEETING = "bewonersoverleg", _("Residents' meeting")
        OTHER = "overig", _("Other presence")

    area = models.ForeignKey(
        "registry.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="presence"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    place = models.CharField(
        _("where"),
        max_length=200,
        blank=True,
        help_text=_("A street, square or building — not a resident's address."),
    )
    started_at = models.DateTimeField(_("when"))
    minutes = models.PositiveIntegerField(_("how long (minutes)"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("presence in the area")
        verbose_name_plural = _("presence in the area")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=24 * 60),
                name="presence_minutes_within_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"
