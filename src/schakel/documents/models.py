"""Documents kept with a case, a signal, an intervention, a joint inspection or a hot-spot plan:
reports, letters, photos, signed plans and covenants.

A document belongs to exactly one owner and has a data category; who may see it follows from
both (`querysets.DocumentQuerySet.visible_to`). Its id is a random UUID, so a download address
cannot be guessed from another; the file lies in the `documents` storage, outside the web root,
and is only ever served by `views.download`, which audits every download.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import DataCategory, Organisation

from .querysets import DocumentQuerySet


def _storage():
    from django.core.files.storage import storages

    return storages["documents"]


def _stored_name(document, filename: str) -> str:
    """The name in storage carries no part of what the user called the file."""
    return f"{document.uploaded_at:%Y/%m}/{document.pk}{document.extension}"


# The fields that may own a document; exactly one of them is set.
OWNERS = ("case", "inspection", "plan", "signal", "intervention")


def _exactly_one_of(*fields: str) -> models.Q:
    condition = models.Q()
    for owner in fields:
        condition |= models.Q(**{f"{name}__isnull": name != owner for name in fields})
    return condition


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    inspection = models.ForeignKey(
        "areas.JointInspection",
        verbose_name=_("joint inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    plan = models.ForeignKey(
        "areas.HotspotPlan",
        verbose_name=_("hot-spot plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    signal = models.ForeignKey(
        "intake.Signal",
        verbose_name=_("signal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    intervention = models.ForeignKey(
        "plans.Intervention",
        verbose_name=_("intervention"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=_storage, upload_to=_stored_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    data_category = models.CharField(
        _("kind of information"), max_length=20, choices=DataCategory.choices
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                name="document_has_one_owner",
                condition=_exactly_one_of(*OWNERS),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class LetterTemplate(models.Model):
    """A letter a partner sends for an intervention of the catalogue (a warning before a closure
    under art. 13b Opiumwet, an intention to impose an area ban), kept by the functioneel
    beheerder. The body holds placeholders in braces, filled from the case when a letter is
    drawn up (`letters.PLACEHOLDERS`); the letter is downloaded as PDF or ODT for the partner's
    own sending, and may be kept with the case."""

    intervention_type = models.ForeignKey(
        "plans.InterventionType",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="letter_templates",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {datum}, {kenmerk}, {adres}, {geadresseerde}, {afzender}, "
            "{interventie}, {rechtsgrond}, {termijn}."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["intervention_type__name", "title"]

    def __str__(self) -> str:
        return self.title
