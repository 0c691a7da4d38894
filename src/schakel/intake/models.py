"""Signals: worries reported by partner professionals (and, later, residents)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import DataCategory, Organisation

from .querysets import HandoverQuerySet, SignalQuerySet
from .workflow import OPEN_STATUSES, HandoverState, SignalStatus


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


class Handover(models.Model):
    """A signal handed to the lead organisation of its triage (levels without a Veiligheidshuis
    case): offered, then accepted / declined with a reason, and done with a result; or returned
    to the Veiligheidshuis when not accepted within its term. Who and when for each step."""

    State = HandoverState

    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), on_delete=models.PROTECT, related_name="handovers"
    )
    decision = models.OneToOneField(
        "triage.TriageDecision",
        verbose_name=_("triage decision"),
        on_delete=models.PROTECT,
        related_name="handover",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=HandoverState.choices, default=HandoverState.OFFERED
    )
    due = models.DateField(_("accept before"))
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField(_("offered at"), auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at", "-id"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self) -> str:
        return f"{self.signal} → {self.organisation}"
