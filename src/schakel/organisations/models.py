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
