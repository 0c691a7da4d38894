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

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

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

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

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
