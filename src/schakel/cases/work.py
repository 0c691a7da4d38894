"""A case's review date in "Mijn werk" (issue 11): the coordinator's to do, while the case is
open. Built from `Case.objects.visible_to`; the item names the case's reference, not its title."""

from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.work.items import WorkItem

from .models import Case
from .workflow import OPEN_STATUSES


def _items(cases) -> list[WorkItem]:
    label = _("Case review")
    title = _("Review the case")
    return [
        WorkItem(
            kind="case_review",
            kind_label=label,
            title=title,
            due=case.review_date,
            origin=_("Case %(reference)s") % {"reference": case.reference},
            url=reverse("cases:detail", args=[case.pk]),
            object_type="case",
            object_id=case.pk,
            organisation_id=case.coordinator.organisation_id,
            assignee_id=case.coordinator_id,
        )
        for case in cases
    ]


def open_reviews(user):
    return (
        Case.objects.visible_to(user)
        .filter(status__in=OPEN_STATUSES, review_date__isnull=False)
        .select_related("coordinator")
    )


def reviews(user) -> list[WorkItem]:
    return _items(open_reviews(user).filter(coordinator_id=user.pk))


def organisation(user) -> list[WorkItem]:
    return _items(open_reviews(user).filter(coordinator__organisation_id=user.organisation_id))
