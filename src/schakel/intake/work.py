"""The `work` source of hand-overs: offered and accepted hand-overs given to the user's
organisation, as "Mijn werk" items (registered in `IntakeConfig.ready`)."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.access.policy import works_on_cases
from schakel.work.items import WorkItem

from .models import Handover


def handovers_of_my_organisation(user) -> Iterator[WorkItem]:
    """Given to the organisation as a whole: to accept (due: the term) or to report on."""
    if not works_on_cases(user):
        return
    handovers = (
        Handover.objects.visible_to(user)
        .filter(
            organisation_id=user.organisation_id,
            state__in=[Handover.State.OFFERED, Handover.State.ACCEPTED],
        )
        .select_related("signal", "decision")
        .order_by("due", "pk")
    )
    for handover in handovers:
        offered = handover.state == Handover.State.OFFERED
        yield WorkItem(
            kind="handover",
            kind_label=_("Hand-over"),
            title=_("Accept or decline the hand-over")
            if offered
            else _("Report the result of the hand-over"),
            due=handover.due if offered else handover.decision.review_date,
            origin=_("Signal %(ref)s") % {"ref": handover.signal.reference},
            url=reverse("intake:detail", args=[handover.signal_id]),
            object_type="signal",
            object_id=handover.signal_id,
            organisation_id=handover.organisation_id,
        )
