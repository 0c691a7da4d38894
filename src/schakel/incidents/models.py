"""Incidents: police registrations, nuisance reports and inspection findings as points in space and time.

Incidents carry no personal data: an id from the source system, when, what kind, and where (RD New
metres, EPSG:28992). They feed the hot-spot analyses (`schakel.analytics.hotspots`) and the area
pages. WGS84 input is converted to RD New on import, so the database holds one coordinate system.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import Organisation


class Incident(models.Model):
    """One registered incident at a point in RD New (x, y in metres)."""

    # Unique by a constraint, not `unique=True`: on PostgreSQL the latter adds a second index
    # (varchar_pattern_ops, for LIKE) that no query uses and every import has to fill.
    source_id = models.CharField(_("source id"), max_length=64)
    occurred_at = models.DateTimeField(_("occurred at"))
    category = models.CharField(_("category"), max_length=64)  # indexed with occurred_at
    x = models.FloatField(_("x (RD New)"))
    y = models.FloatField(_("y (RD New)"))
    # No index of its own: no query looks incidents up by their source, and building one costs
    # seconds on every initial load of millions of rows; deleting an organisation (rare) scans.
    source_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("source organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        db_index=False,
    )
    # Indexed only where set (see Meta): most incidents have no address.
    address = models.ForeignKey(
        "registry.Address",
        verbose_name=_("address"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        db_index=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            models.Index(fields=["occurred_at"], name="incident_occurred_idx"),
            models.Index(fields=["category", "occurred_at"], name="incident_cat_occurred_idx"),
            models.Index(
                fields=["address"],
                name="incident_address_idx",
                condition=models.Q(address__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source_id"], name="incident_source_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.source_id}"


class IncidentImport(models.Model):
    """One import of an incident file: who, when, what came in and what was wrong with it."""

    class Status(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        REJECTED = "rejected", _("Rejected (invalid rows, nothing imported)")
        FAILED = "failed", _("Failed (file could not be read)")

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows skipped"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    error_report = models.TextField(_("error report"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("incident import")
        verbose_name_plural = _("incident imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
