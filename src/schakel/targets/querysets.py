"""Who may see the persons on target-group lists (HIT, Top-X).

A person on a list is visible to the list's team, to the staff of the Veiligheidshuis that hosts
the list, and to the person's own coordinator. Analysts and the functioneel beheerder see
aggregates only.
"""

from django.db import models
from django.db.models import Q

from schakel.access.policy import (
    acts_for_organisation,
    runs_safety_house,
    works_with_target_persons,
)


class ListMembershipQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ListMembershipQuerySet":
        """Memberships (current and ended) whose person the user may see."""
        from .models import TargetList

        if not works_with_target_persons(user):
            return self.none()
        lists = TargetList.team.through.objects.filter(user_id=user.pk).values("targetlist_id")
        rule = Q(coordinator_id=user.pk) | Q(target_list_id__in=lists)
        if runs_safety_house(user):
            rule |= Q(target_list__host_organisation_id=user.organisation_id)
        return self.filter(rule)


def may_work_with_target_person(user, person) -> bool:
    """Assess, record bottlenecks, tag the plan: for a person currently on a list the user sees."""
    from .models import ListMembership

    return (
        ListMembership.objects.visible_to(user)
        .filter(person_id=person.pk, ended_on__isnull=True)
        .exists()
    )


def may_work_with_target_person_on_list(user, person_id: int, target_list_id: int) -> bool:
    """Work on what belongs to one list (e.g. its bottlenecks): the person is currently on that
    list and the user sees that membership."""
    from .models import ListMembership

    return (
        ListMembership.objects.visible_to(user)
        .filter(person_id=person_id, target_list_id=target_list_id, ended_on__isnull=True)
        .exists()
    )


class BottleneckQuerySet(models.QuerySet):
    def asked_of(self, user) -> "BottleneckQuerySet":
        """Bottlenecks asked of the user's organisation (issue 11): that partner sees and
        answers exactly these, not the person's record or the list."""
        if not acts_for_organisation(user):
            return self.none()
        return self.filter(asked_organisation_id=user.organisation_id)


class MeetingActionQuerySet(models.QuerySet):
    def given_to(self, user) -> "MeetingActionQuerySet":
        """Evaluation actions agreed for the user's organisation (issue 11)."""
        if not acts_for_organisation(user):
            return self.none()
        return self.filter(owner_organisation_id=user.organisation_id)
