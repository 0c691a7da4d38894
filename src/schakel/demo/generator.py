"""Load and remove the fictional demo data: the Zorg- en Veiligheidshuis Lindewaard and its cases.

Everything written here is invented (see `content.FICTION_NOTICE`): the city of Lindewaard, its
partners and users, persons (names from Faker, BSNs random numbers that merely pass the 11-test),
addresses, businesses, signals, cases, conferences and plans (`core`, built by subject in
`organisations`, `registry`, `intake`, `cases`, `conferences`, `plans` and written by `writing`),
and on top of them the other components' data (`PARTS`: incidents, the area approach, the
person-oriented approach, record linkage).

The core data is written as model instances with `bulk_create`, not through the services: those
would write an audit entry for each of thousands of objects. It is kept consistent with what the
services produce — references like C-2025-00012 and S-2025-00003, a case history that walks
`workflow.ALLOWED_TRANSITIONS`, triage decisions with intake answers, participations for the
reporting and the lead organisation, notes only in data categories the author's organisation may
record, interventions owned by a taking-part organisation — with timestamps spread over the last
18 months. Everything is built as of a reference date (by default the day of loading; see
`clock`): the same seed and date give the same data, at any time of day.
"""

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record
from schakel.cases.models import Case, CaseEvent
from schakel.conferences.models import ActionReview, Conference, Decision
from schakel.documents.models import Document
from schakel.intake.models import Signal
from schakel.organisations.models import Organisation, User
from schakel.plans.models import ActionPlan
from schakel.registry.models import Address, Area, Business, Person, ReportedSubject
from schakel.triage.models import TriageDecision

from . import areas, content, documents, incidents, linkage, participation, targets, work
from .base import DemoDataError
from .clock import start_of, written_at
from .core import CoreDemo
from .models import DemoInstallation

DEFAULT_SEED = 2026

__all__ = [
    "DEFAULT_SEED",
    "PARTS",
    "DemoDataError",
    "entered_after_demo",
    "has_demo_data",
    "holds_other_data",
    "load_demo_data",
    "remove_demo_data",
]


def has_demo_data() -> bool:
    return DemoInstallation.objects.exists()


def holds_other_data() -> bool:
    """True when the database holds case data or demo user names that the demo did not load."""
    if has_demo_data():
        return False
    demo_usernames = [row[0] for row in content.DEMO_USERS]
    return (
        Case.objects.exists()
        or Signal.objects.exists()
        or Person.objects.exists()
        or User.objects.filter(username__in=demo_usernames).exists()
    )


def load_demo_data(
    seed: int = DEFAULT_SEED, *, replace: bool = False, today: dt.date | None = None
) -> dict:
    """Load the demo data in one transaction; with `replace`, first remove the loaded demo data.

    The data is built as of the reference date `today` (by default the local date): the same
    seed and date give the same data at any time of day. Returns the number of objects written
    per kind.
    """
    if not settings.SCHAKEL_ALLOW_DEMO:
        raise DemoDataError(
            "Demo data may not be loaded here (SCHAKEL_ALLOW_DEMO is off; always in production)."
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        if replace:
            entered = entered_after_demo()
            if entered:
                raise DemoDataError(
                    "Users entered data after the demo was loaded: "
                    + describe_counts(entered)
                    + ". Loading the demo afresh would delete it; nothing was deleted."
                )
            remove_demo_data()
        with written_at(start_of(today)):
            counts = CoreDemo(seed, today).build()
            for part in PARTS:
                counts.update(part.load(seed=seed, today=today))
        # When the data was loaded, as the command reports it: the wall clock.
        DemoInstallation.objects.create(
            seed=seed,
            last_ids=_last_ids(),
            description=content.FICTION_NOTICE
            + "\n\n"
            + ", ".join(f"{name}: {n}" for name, n in counts.items()),
        )
        refresh_planner_statistics()
    return counts


def refresh_planner_statistics() -> None:
    """After a bulk load, tell PostgreSQL's planner how big the tables now are.

    Until autovacuum gets round to it, the planner believes the freshly filled tables hold a row
    or two and nests loops over them: the nested visibility subqueries of a page then took
    minutes instead of milliseconds (seen in CI). Inside the load's transaction, ANALYZE sees its
    rows. SQLite plans without such statistics.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# The demo data of the components beyond the case path, loaded in this order after the core data
# (in the same transaction) and removed in the reverse order before it. Each has
# `load(seed, today) -> dict of counts` and `remove()`.
PARTS = (incidents, areas, participation, targets, linkage, work, documents)


# The apps whose rows the demo writes and `remove_demo_data` deletes (with their configuration,
# which a check errs on the safe side for: a change there also counts as entered by users).
USER_DATA_APPS = (
    "organisations", "registry", "incidents", "triage", "intake", "cases", "plans",
    "conferences", "areas", "linkage", "targets", "advice",
)  # fmt: skip


def _watched_models():
    for model in apps.get_models():
        if model._meta.app_label in USER_DATA_APPS and isinstance(
            model._meta.pk, models.AutoField | models.BigAutoField
        ):
            yield model


def _last_ids() -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0
        for model in _watched_models()
    }


def entered_after_demo() -> dict:
    """The rows users entered after the demo was loaded, counted per model (only those with any).

    Rows above the ids recorded at loading; for a demo loaded before those were recorded, rows
    created after the loading moment (models without a creation time are then not counted).
    """
    installation = DemoInstallation.objects.order_by("-loaded_at").first()
    if installation is None:
        return {}
    counts = {}
    for model in _watched_models():
        label = model._meta.label_lower
        rows = model._base_manager.all()
        if installation.last_ids:
            rows = rows.filter(pk__gt=installation.last_ids.get(label, 0))
        elif any(f.name == "created_at" for f in model._meta.concrete_fields):
            rows = rows.filter(created_at__gt=installation.loaded_at)
        else:
            continue
        if count := rows.count():
            counts[model] = count
    # Documents have random ids: those added after the demo are known by their time.
    added = Document.objects.filter(uploaded_at__gt=installation.loaded_at).count()
    if added:
        counts[Document] = added
    return counts


def describe_counts(counts: dict) -> str:
    """'3 signals, 1 case note' for a {model: count} dict."""
    return ", ".join(
        f"{n} {model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural}"
        for model, n in counts.items()
    )


def remove_demo_data() -> None:
    """Remove all case data and the demo partners and users, to load the demo afresh.

    Only meant for a database that holds nothing but demo data (`entered_after_demo` is empty);
    the audit log is left as it is, and records the removal.
    """
    for installation in DemoInstallation.objects.all():
        record(
            None,
            AuditAction.DELETE,
            obj=installation,
            purpose=Purpose.DEMO_REMOVAL,
            detail=f"demo data removed (seed {installation.seed}, loaded "
            f"{timezone.localtime(installation.loaded_at):%Y-%m-%d %H:%M})",
        )
    for part in reversed(PARTS):
        part.remove()
    ActionReview.objects.all().delete()
    Decision.objects.all().delete()
    Conference.objects.all().delete()
    ActionPlan.objects.all().delete()
    # The case history refuses deletion through its own manager; it goes with its demo case.
    CaseEvent._base_manager.all().delete()
    TriageDecision.objects.all().delete()
    Case.objects.all().delete()
    Signal.objects.all().delete()
    ReportedSubject.objects.all().delete()
    Business.objects.all().delete()
    Person.objects.all().delete()
    Address.objects.all().delete()
    while Area.objects.exists():
        Area.objects.filter(area__isnull=True).delete()  # leaves first: parents are protected
    demo_organisations = Organisation.objects.filter(
        name__in=[name for _kind, name in content.ORGANISATIONS]
    )
    User.objects.filter(organisation__in=demo_organisations).delete()
    demo_organisations.delete()
    DemoInstallation.objects.all().delete()
