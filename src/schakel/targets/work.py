"""Work of the person-oriented approach in "Mijn werk" (issue 11): a bottleneck asked of a
partner and an evaluation action agreed for a partner are that organisation's to do. Built from
`Bottleneck.objects.asked_of` and `MeetingAction.objects.given_to`; titles carry no person."""

from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.work.items import WorkItem

from .models import Bottleneck, MeetingAction
from .workflow import OPEN_BOTTLENECK_STATUSES


def bottlenecks(user) -> list[WorkItem]:
    label = _("Bottleneck")
    return [
        WorkItem(
            kind="bottleneck",
            kind_label=label,
            title=bottleneck.get_kind_display(),
            due=None,
            origin=bottleneck.target_list.name,
            url=reverse("targets:asked_bottleneck", args=[bottleneck.pk]),
            object_type="bottleneck",
            object_id=bottleneck.pk,
            organisation_id=bottleneck.asked_organisation_id,
        )
        for bottleneck in Bottleneck.objects.asked_of(user)
        .filter(status__in=OPEN_BOTTLENECK_STATUSES)
        .select_related("target_list")
    ]


def evaluation_actions(user) -> list[WorkItem]:
    label = _("Evaluation action")
    return [
        WorkItem(
            kind="evaluation_action",
            kind_label=label,
            title=action.description,
            due=None,
            origin=_("Evaluation %(date)s, %(list)s")
            % {"date": action.meeting.held_on.isoformat(), "list": action.meeting.target_list.name},
            url=reverse("targets:asked_action", args=[action.pk]),
            object_type="evaluation_action",
            object_id=action.pk,
            organisation_id=action.owner_organisation_id,
        )
        for action in MeetingAction.objects.given_to(user)
        .filter(check_result=MeetingAction.Check.PENDING)
        .select_related("meeting__target_list")
    ]
