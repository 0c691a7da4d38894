"""Signals: worries reported by partner professionals (and, later, residents)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import DataCategory, Organisation

from .querysets import SignalQuerySet
from .workflow import OPEN_STATUSES, SignalStatus


class SignalCategory(models.Model):
    """What a signal is about; maintained by the functioneel beheerder."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("signal category")
        verbose_name_plural = _("signal categories")

    def __str__(self) -> str:
        return self.name


class Signal(models.Model):
    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        ACUTE = "acute", _("Acute")

    Status = SignalStatus  # the statuses and their steps: workflow.py

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    category = models.ForeignKey(
        SignalCategory, verbose_name=_("category"), on_delete=models.PROTECT
    )
    description = models.TextField(_("description"))
    data_category = models.CharField(
        _("data category"),
        max_length=16,
        choices=DataCategory.choices,
        default=DataCategory.GENERAL,
        help_text=_("Which kind of information the description contains."),
    )
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    reporting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="reported_signals",
    )
    receiving_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="received_signals",
        help_text=_("The Veiligheidshuis that triages this signal."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    persons = models.ManyToManyField(
        "registry.Person", verbose_name=_("persons"), blank=True, related_name="signals"
    )
    addresses = models.ManyToManyField(
        "registry.Address", verbose_name=_("addresses"), blank=True, related_name="signals"
    )
    businesses = models.ManyToManyField(
        "registry.Business", verbose_name=_("businesses"), blank=True, related_name="signals"
    )
    reported_subjects = models.ManyToManyField(
        "registry.ReportedSubject",
        verbose_name=_("reported subjects"),
        blank=True,
        related_name="signals",
        help_text=_("Who the reporter said the signal is about, as typed."),
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
