"""Interventions as work in "Mijn werk": an open intervention is its owner's to do, or, without
an owner, its owning organisation's as a whole. Built from `Intervention.objects.visible_to`, so
the list shows what the case page shows; a team lead hands one to a colleague
(`services.reassign_intervention`)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.work.items import WorkItem

from .models import Intervention
from .workflow import OPEN_INTERVENTION_STATUSES

KIND = "intervention"


def _items(interventions) -> list[WorkItem]:
    label = _("Intervention")
    return [
        WorkItem(
            kind=KIND,
            kind_label=label,
            title=str(intervention.type),
            due=intervention.deadline,
            origin=_("Case %(reference)s") % {"reference": intervention.plan.case.reference},
            url=reverse("cases:plan", args=[intervention.plan.case_id]),
            object_type="intervention",
            object_id=intervention.pk,
            organisation_id=intervention.owner_organisation_id,
            assignee_id=intervention.owner_id,
        )
        for intervention in interventions
    ]


def open_interventions(user):
    return (
        Intervention.objects.visible_to(user)
        .filter(status__in=OPEN_INTERVENTION_STATUSES)
        .select_related("type", "plan__case")
    )


def mine(user) -> list[WorkItem]:
    if not user.organisation_id:
        return []
    return _items(
        open_interventions(user).filter(
            Q(owner_id=user.pk) | Q(owner__isnull=True, owner_organisation_id=user.organisation_id)
        )
    )


def organisation(user) -> list[WorkItem]:
    return _items(open_interventions(user).filter(owner_organisation_id=user.organisation_id))


def reassign(user, object_id: int, to_user, assignee_id: int | None = None) -> None:
    from . import services

    intervention = open_interventions(user).filter(pk=object_id).first()
    if intervention is None:
        raise services.ValidationError(_("This intervention is not open or not yours to see."))
    services.reassign_intervention(intervention, by=user, to=to_user)
