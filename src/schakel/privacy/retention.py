"""The retention schedule and what has passed it: one rule per kind of record (docs/retention.md).

The periods are settings (`SCHAKEL_RETENTION_*`, read from the environment): the convenant of
the Zorg- en Veiligheidshuis fixes them, the operator applies them. `expired_records(now)` is what
the next run of `manage.py destroy_expired` would destroy; the preview page and `--dry-run` show
exactly that list, and `privacy.destruction` deletes it.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from schakel.cases.models import Case, CaseEvent
from schakel.cases.workflow import OPEN_STATUSES, CaseStatus
from schakel.intake.models import Signal
from schakel.intake.workflow import SignalStatus
from schakel.targets.models import JudicialRegistration
from schakel.triage.models import TriageDecision

from .models import RecordKind

FINISHED_CASE_STATUSES = frozenset(CaseStatus) - OPEN_STATUSES
SIGNAL_DEAD_ENDS = frozenset({SignalStatus.DISMISSED, SignalStatus.REFERRED})


@dataclass(frozen=True)
class Rule:
    kind: str
    years: int
    counted_from: str
    legal_ground: str
    source: str = ""

    @property
    def text(self) -> str:
        """The rule as the destruction log stores it (Dutch, stable, no personal data)."""
        source = f" (bron {self.source})" if self.source else ""
        with translation.override("nl"):  # stored: the same words whatever the job's language
            kind = str(RecordKind(self.kind).label)
        return f"{kind}{source}: {self.years} jaar na {self.counted_from}"


@dataclass(frozen=True)
class Expired:
    kind: str
    object_id: int
    reference: str
    base_date: datetime.date
    rule: Rule


def finished_case_rule() -> Rule:
    return Rule(
        RecordKind.FINISHED_CASE,
        settings.SCHAKEL_RETENTION_FINISHED_CASE_YEARS,
        "afsluiting",
        _("Privacy convenant Zorg- en Veiligheidshuis; AVG art. 5(1)(e)"),
    )


def signal_rule() -> Rule:
    return Rule(
        RecordKind.SIGNAL_WITHOUT_CASE,
        settings.SCHAKEL_RETENTION_SIGNAL_WITHOUT_CASE_YEARS,
        "ontvangst of laatste triagebesluit",
        _("Privacy convenant Zorg- en Veiligheidshuis; AVG art. 5(1)(e)"),
    )


def registration_rule(source: str) -> Rule:
    years = settings.SCHAKEL_RETENTION_REGISTRATION_YEARS_BY_SOURCE.get(
        source, settings.SCHAKEL_RETENTION_REGISTRATION_YEARS
    )
    return Rule(
        RecordKind.REGISTRATION,
        years,
        "beslisdatum (of pleegdatum zonder beslissing)",
        _("Agreement with the supplying source; Wjsg/Wpg; AVG art. 5(1)(e)"),
        source=source,
    )


def schedule() -> list[dict]:
    """The schedule as the privacy officer reads it, audit entries included (not destroyed)."""
    sources = sorted(
        set(JudicialRegistration.objects.values_list("source", flat=True).distinct())
        | set(settings.SCHAKEL_RETENTION_REGISTRATION_YEARS_BY_SOURCE)
    )
    rules = [finished_case_rule(), signal_rule()] + [registration_rule(s) for s in sources]
    rows = [
        {"kind": RecordKind(r.kind).label, "rule": r.text, "legal_ground": r.legal_ground}
        for r in rules
    ]
    rows.append(
        {
            "kind": _("Audit entry"),
            "rule": _(
                "%(years)d years (NEN 7513: at least 5); the oldest entries are removed as a"
                " prefix of the chain, from a signed anchor verification continues"
            )
            % {"years": settings.SCHAKEL_RETENTION_AUDIT_YEARS},
            "legal_ground": _("NEN 7513; accountability, AVG art. 5(2)"),
        }
    )
    return rows


def _cutoff(now: datetime.datetime, years: int) -> datetime.datetime:
    return now - relativedelta(years=years)


def _closed_at():
    """When a case was finished: its last status step to a finished status (else last change)."""
    last_step = (
        CaseEvent.objects.filter(
            case=OuterRef("pk"),
            kind=CaseEvent.Kind.STATUS,
            to_status__in=FINISHED_CASE_STATUSES,
        )
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return Coalesce(Subquery(last_step, output_field=DateTimeField()), F("updated_at"))


def expired_cases(now: datetime.datetime) -> list[Expired]:
    rule = finished_case_rule()
    cases = (
        Case.objects.filter(status__in=FINISHED_CASE_STATUSES)
        .annotate(closed_at=_closed_at())
        .filter(closed_at__lt=_cutoff(now, rule.years))
        .order_by("closed_at", "pk")
        .values_list("pk", "reference", "closed_at")
    )
    return [
        Expired(rule.kind, pk, reference, timezone.localdate(closed_at), rule)
        for pk, reference, closed_at in cases
    ]


def expired_signals(now: datetime.datetime) -> list[Expired]:
    """Dismissed or referred signals that led to no case, counted from their last triage."""
    rule = signal_rule()
    last_decision = (
        TriageDecision.objects.filter(signal=OuterRef("pk"))
        .order_by("-decided_at")
        .values("decided_at")[:1]
    )
    signals = (
        Signal.objects.filter(status__in=SIGNAL_DEAD_ENDS, cases__isnull=True)
        .annotate(
            counted_from=Greatest(
                "created_at",
                Coalesce(Subquery(last_decision, output_field=DateTimeField()), "created_at"),
            )
        )
        .filter(counted_from__lt=_cutoff(now, rule.years))
        .order_by("counted_from", "pk")
        .values_list("pk", "reference", "counted_from")
    )
    return [
        Expired(rule.kind, pk, reference, timezone.localdate(counted_from), rule)
        for pk, reference, counted_from in signals
    ]


def expired_registrations(now: datetime.datetime) -> list[Expired]:
    """Per source: registrations whose decision (or, undecided, offence) lies past the period."""
    expired = []
    sources = JudicialRegistration.objects.values_list("source", flat=True).distinct()
    for source in sorted(set(sources)):
        rule = registration_rule(source)
        cutoff = timezone.localdate(_cutoff(now, rule.years))
        registrations = (
            JudicialRegistration.objects.filter(source=source)
            .annotate(counted_from=Coalesce("decision_date", "offence_date"))
            .filter(counted_from__lt=cutoff)
            .order_by("counted_from", "pk")
            .values_list("pk", "counted_from")
        )
        # The supplier's registration id can lead back to a person: the log names the source.
        expired += [Expired(rule.kind, pk, source, day, rule) for pk, day in registrations]
    return expired


def expired_records(now: datetime.datetime | None = None) -> list[Expired]:
    """Everything past its period at `now`: cases first (they take their signal along)."""
    now = now or timezone.now()
    return expired_cases(now) + expired_signals(now) + expired_registrations(now)
