"""What the dashboard shows each role; every read goes through `access.policy`."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from schakel.access import policy
from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES
from schakel.conferences.models import Conference
from schakel.intake.models import Signal
from schakel.plans.selectors import overdue_interventions_for

REVIEW_HORIZON_DAYS = 14


def dashboard_for(user) -> dict:
    today = timezone.localdate()
    data: dict = {}
    if policy.works_on_cases(user):
        cases = Case.objects.visible_to(user)
        open_cases = cases.filter(status__in=OPEN_STATUSES)
        if policy.can_direct_cases(user):
            data["signals_waiting"] = (
                Signal.objects.visible_to(user)
                .filter(status=Signal.Status.RECEIVED)
                .select_related("category", "reporting_organisation")
                .order_by("created_at")[:20]
            )
        data["my_cases"] = (
            open_cases.filter(coordinator=user).select_related("level").order_by("review_date")[:20]
        )
        data["conferences"] = (
            Conference.objects.visible_to(user)
            .filter(status=Conference.Status.PLANNED, starts_at__gte=timezone.now())
            .select_related("chair")
            .order_by("starts_at")[:10]
        )
        data["overdue"] = overdue_interventions_for(user, limit=30)
        # Directors watch every review of their house; others only those of their own cases.
        reviews = open_cases.filter(review_date__lte=today + timedelta(days=REVIEW_HORIZON_DAYS))
        if not policy.can_direct_cases(user):
            reviews = reviews.filter(coordinator=user)
            data["participating"] = (
                open_cases.exclude(coordinator=user)
                .select_related("level")
                .order_by("-updated_at")[:20]
            )
        data["reviews_due"] = reviews.select_related("level").order_by("review_date")[:20]
    return data


def case_statistics() -> dict:
    """Aggregate figures without personal data, for analysts and the public-sector overview."""
    from schakel.cases.models import Case

    return {
        "by_status": list(Case.objects.values("status").annotate(n=Count("id")).order_by("status")),
        "by_level": list(
            Case.objects.filter(status__in=OPEN_STATUSES)
            .values("level__number", "level__name")
            .annotate(n=Count("id"))
            .order_by("level__number")
        ),
        "signals_by_category": list(
            Signal.objects.values("category__name").annotate(n=Count("id")).order_by("-n")
        ),
    }
