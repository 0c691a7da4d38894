"""Partners (organisations), their users, roles, and which data categories each kind may see."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    POLICE = "police", _("Police")
    OM = "om", _("Public Prosecution Service (OM)")
    MUNICIPALITY = "gemeente", _("Municipality")
    TAX = "belastingdienst", _("Tax Administration")
    PROBATION = "reclassering", _("Probation service")
    DISTRICT_TEAM = "wijkteam", _("Social district team")
    HOUSING = "woningcorporatie", _("Housing association")
    ENVIRONMENT = "omgevingsdienst", _("Environmental inspection")
    GRID = "netbeheerder", _("Grid operator")
    CARE = "zorgaanbieder", _("Care provider")
    SAFETY_HOUSE = "veiligheidshuis", _("Safety House (Zorg- en Veiligheidshuis)")
    RIEC = "riec", _("RIEC")


class DataCategory(models.TextChoices):
    """Categories of case data; each organisation kind may see only those its legal basis allows."""

    GENERAL = "general", _("General")
    JUSTICE = "justice", _("Justice")
    CARE = "care", _("Care")
    TAX = "tax", _("Tax")


# What an organisation's involvement in a case reveals by itself: a care provider or a social
# district team on a case reveals care, the OM or probation reveals justice. Such a participation
# (its name in the participant list, a lead, a history line naming it) follows the category rule
# like any text does; every other kind's involvement is general (docs/access-model.md).
INVOLVEMENT_CATEGORY = {
    OrganisationKind.CARE: DataCategory.CARE,
    OrganisationKind.DISTRICT_TEAM: DataCategory.CARE,
    OrganisationKind.OM: DataCategory.JUSTICE,
    OrganisationKind.PROBATION: DataCategory.JUSTICE,
}


def involvement_category(kind: str) -> str:
    """The data category that the involvement of an organisation of this kind reveals."""
    return INVOLVEMENT_CATEGORY.get(kind, DataCategory.GENERAL)


class Role(models.TextChoices):
    PROCESS_DIRECTOR = "procesregisseur", _("Process director")
    COORDINATOR = "coordinator", _("Coordinator (case director / HIT coordinator)")
    PROFESSIONAL = "professional", _("Partner professional")
    ANALYST = "analist", _("Analyst")
    ADMINISTRATOR = "beheerder", _("Functional administrator")
    AUDITOR = "auditor", _("Privacy officer / auditor")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    # The stable identifier by which the municipality's identity provider names this organisation
    # in its OpenID Connect claim (docs/authentication-oidc.md): a name can be corrected, a code
    # is not. Empty: nobody of this organisation logs in through the identity provider.
    code = models.CharField(
        _("code at the identity provider"),
        max_length=64,
        blank=True,
        help_text=_(
            "The value of the organisation claim the identity provider sends for employees of "
            "this organisation (e.g. its OIN). Empty: no log-in through the identity provider."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="unique_organisation_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_safety_house(self) -> bool:
        return self.kind == OrganisationKind.SAFETY_HOUSE

    @property
    def involvement_category(self) -> str:
        return involvement_category(self.kind)


class User(AbstractUser):
    """A person who logs in; belongs to exactly one organisation and holds one role."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    # An account that logs in through OpenID Connect is found by the identity provider's issuer
    # and its subject (`sub`), which never change and are never reused — not by e-mail address
    # or user name, which a provider may hand to someone else.
    oidc_issuer = models.CharField(_("identity provider (issuer)"), max_length=255, blank=True)
    oidc_subject = models.CharField(
        _("subject at the identity provider"), max_length=255, blank=True
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="unique_oidc_identity",
            )
        ]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.organisation})" if full and self.organisation else self.username

    def has_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.role in roles


class CategoryGrant(models.Model):
    """Organisation kind X may see data category Y on the stated legal basis.

    This table is the single configuration of need-to-know by data category; `access.policy`
    reads it. The functioneel beheerder maintains it in the admin.
    """

    organisation_kind = models.CharField(
        _("organisation kind"), max_length=32, choices=OrganisationKind.choices
    )
    category = models.CharField(_("data category"), max_length=16, choices=DataCategory.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300)

    class Meta:
        ordering = ["organisation_kind", "category"]
        verbose_name = _("category grant")
        verbose_name_plural = _("category grants")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_kind", "category"], name="unique_category_grant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_organisation_kind_display()}: {self.get_category_display()}"


class CategoryGrantRequest(models.Model):
    """A requested change of one category grant: it takes effect only when a second person approves.

    Four eyes (issue 9): a grant decides which partners see justice or care data, so one person
    alone cannot add, change or remove it. The request keeps the values before and after; the
    decision (approve or reject) is made by another functioneel beheerder or the privacy officer
    (`services.approve_grant_request`), never by the requester — the database refuses that too.
    """

    class Change(models.TextChoices):
        ADD = "add", _("Add a grant")
        CHANGE = "change", _("Change the legal basis")
        REMOVE = "remove", _("Remove a grant")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting a second person")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    change = models.CharField(_("change"), max_length=8, choices=Change.choices)
    organisation_kind = models.CharField(
        _("organisation kind"), max_length=32, choices=OrganisationKind.choices
    )
    category = models.CharField(_("data category"), max_length=16, choices=DataCategory.choices)
    legal_basis = models.CharField(
        _("new legal basis"), max_length=300, blank=True, help_text=_("Empty when removing.")
    )
    previous_legal_basis = models.CharField(
        _("legal basis before"), max_length=300, blank=True, editable=False
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING, editable=False
    )
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    requested_at = models.DateTimeField(_("requested at"), editable=False)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("category grant request")
        verbose_name_plural = _("category grant requests")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="grant_request_decided_by_another",
            ),
            models.UniqueConstraint(
                fields=["organisation_kind", "category"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_grant",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_change_display()}: {self.get_organisation_kind_display()}, "
            f"{self.get_category_display()}"
        )


class ApiScope(models.TextChoices):
    """What a system client's token may do; every API view names the scope it needs (its
    `token_scopes`, checked by `tokens.TokenScopePermission`)."""

    API_INDEX = "api:index", _("API index and schema")
    ORGANISATIONS_READ = "organisations:read", _("Read organisations")
    PERSONS_READ = "persons:read", _("Read persons")
    PERSONS_SEARCH = "persons:search", _("Search persons")
    SIGNALS_READ = "signals:read", _("Read signals")
    SIGNALS_WRITE = "signals:write", _("Report signals")
    SIGNALS_TRIAGE = "signals:triage", _("Triage signals")
    HANDOVERS_ANSWER = "handovers:answer", _("Answer hand-overs of signals")
    CASES_READ = "cases:read", _("Read cases")
    CONFERENCES_READ = "conferences:read", _("Read case conferences")
    CONFERENCES_WRITE = "conferences:write", _("Hold case conferences")
    INTERVENTIONS_READ = "interventions:read", _("Read interventions")
    INTERVENTIONS_WRITE = "interventions:write", _("Report on interventions")
    ALREADY_KNOWN_ASK = "already-known:ask", _("Ask whether a person is already known")
    NOTIFICATIONS_READ = "notifications:read", _("Read the service user's own notifications")
    NOTIFICATIONS_WRITE = "notifications:write", _("Mark the service user's notifications read")
    TASKS_READ = "tasks:read", _("Read the service user's open tasks")
    ADVICE_READ = "advice:read", _("Read advice questions")
    ADVICE_ASK = "advice:ask", _("Ask the Veiligheidshuis for advice")
    ADVICE_ANSWER = "advice:answer", _("Answer advice questions")
    DOCUMENTS_READ = "documents:read", _("Read and download documents")
    DOCUMENTS_WRITE = "documents:write", _("Add documents to cases")


class ApiToken(models.Model):
    """A system client's key to the API, acting as one service user of one organisation.

    Only a SHA-256 hash of the token is stored (the token is 256 random bits, so a fast hash is
    enough); the first characters (`prefix`) identify it in lists and the audit log. The token is
    shown once, when the functioneel beheerder issues it (`services.issue_api_token`).
    """

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
        editable=False,
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("acting service user"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires at"))
    created_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("issued at"), editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
