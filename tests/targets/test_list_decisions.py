"""Applying the rule, deciding inflow and outflow, one accountable coordinator per person."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.audit.models import AuditEntry
from schakel.organisations.models import OrganisationKind, Role
from schakel.registry.models import Person
from schakel.targets import services
from schakel.targets.models import Direction, ListMembership
from tests.factories import make_user
from tests.targets.conftest import days_ago, do_import, registration_row


@pytest.fixture
def candidates(db):
    do_import(
        [
            registration_row(1, decision_date=days_ago(30), offence_date=days_ago(100)),
            registration_row(
                2, decision_date=days_ago(40), offence_date=days_ago(100), decision="vrijspraak"
            ),  # fmt: skip
        ]
    )
    return Person.objects.get(surname="Verzonnen1"), Person.objects.get(surname="Verzonnen2")


def test_applying_the_rule_proposes_inflow_with_a_reason(
    hit_list, hit_coordinator, candidates, today
):
    convicted, acquitted = candidates
    application = services.apply_rule(hit_list, by=hit_coordinator, as_of=today)
    proposals = list(application.proposals.all())
    assert [(p.person, p.direction) for p in proposals] == [(convicted, Direction.IN)]
    assert "1" in proposals[0].reason
    assert AuditEntry.objects.filter(person_id_ref=convicted.pk, action="list").exists()


def test_inflow_needs_a_recorded_decision_with_coordinator_and_best_cards(
    hit_list, hit_coordinator, candidates, today
):
    convicted, _ = candidates
    application = services.apply_rule(hit_list, by=hit_coordinator, as_of=today)
    assert not ListMembership.objects.exists()  # a proposal is not a decision
    with pytest.raises(ValidationError):
        services.include_on_list(hit_list, convicted, by=hit_coordinator, reason="x",
                                 best_cards=hit_coordinator.organisation)  # fmt: skip
    decision = services.include_on_list(
        hit_list,
        convicted,
        by=hit_coordinator,
        reason="Voldoet aan HIT",
        best_cards=hit_coordinator.organisation,
        coordinator=hit_coordinator,
        proposal=application.proposals.get(),
    )
    membership = ListMembership.objects.get()
    assert membership.coordinator == hit_coordinator
    assert membership.inclusion == decision
    assert decision.decided_by == hit_coordinator
    with pytest.raises(ValidationError):
        services.include_on_list(hit_list, convicted, by=hit_coordinator, reason="again",
                                 best_cards=hit_coordinator.organisation, coordinator=hit_coordinator)  # fmt: skip


def test_the_coordinator_must_have_the_coordinator_role(
    hit_list, hit_coordinator, candidates, politie
):
    convicted, _ = candidates
    with pytest.raises(ValidationError):
        services.include_on_list(hit_list, convicted, by=hit_coordinator, reason="x",
                                 best_cards=politie.organisation, coordinator=politie)  # fmt: skip


def test_outflow_ends_the_membership_and_the_rule_proposes_it(
    hit_list, hit_coordinator, candidates, today
):
    convicted, _ = candidates
    services.include_on_list(hit_list, convicted, by=hit_coordinator, reason="in",
                             best_cards=hit_coordinator.organisation, coordinator=hit_coordinator,
                             effective_on=today - datetime.timedelta(days=10))  # fmt: skip
    # four years later the conviction no longer counts: outflow is proposed
    later = services.proposals_for(
        hit_list, hit_list.rule, today + datetime.timedelta(days=4 * 365)
    )
    assert [p.person for p in later[1]] == [convicted.pk]
    services.remove_from_list(hit_list, convicted, by=hit_coordinator, reason="Doelen bereikt")
    assert ListMembership.objects.get().ended_on == today
    with pytest.raises(ValidationError):
        services.remove_from_list(hit_list, convicted, by=hit_coordinator, reason="again")


def test_not_included_is_recorded_without_membership(hit_list, regisseur, candidates):
    convicted, _ = candidates
    services.record_not_included(hit_list, convicted, by=regisseur, reason="Ander traject")
    assert not ListMembership.objects.exists()
    assert convicted.list_decisions.get().direction == Direction.NOT_IN


def test_only_the_team_and_the_host_staff_decide(hit_list, candidates, analist):
    convicted, _ = candidates
    outsider = make_user(Role.COORDINATOR, OrganisationKind.MUNICIPALITY, "outsider", "Elders")
    for user in (outsider, analist):
        with pytest.raises(PermissionDenied):
            services.record_not_included(hit_list, convicted, by=user, reason="x")
        with pytest.raises(PermissionDenied):
            services.apply_rule(hit_list, by=user, as_of=datetime.date(2025, 1, 1))


def test_the_rule_cannot_be_applied_in_the_future(hit_list, hit_coordinator, today):
    with pytest.raises(ValidationError):
        services.apply_rule(hit_list, by=hit_coordinator, as_of=today + datetime.timedelta(days=1))


def test_the_assigned_and_the_new_coordinator_are_notified(
    hit_list, hit_coordinator, candidates, regisseur
):
    from schakel.notifications.kinds import NotificationKind
    from schakel.notifications.models import Notification

    convicted, _ = candidates
    first = make_user(
        Role.COORDINATOR, OrganisationKind.MUNICIPALITY, "coordinator-een", "Gemeente"
    )
    second = make_user(Role.COORDINATOR, OrganisationKind.MUNICIPALITY, "coordinator-twee",
                       "Gemeente")  # fmt: skip
    services.include_on_list(hit_list, convicted, by=hit_coordinator, reason="Voldoet aan HIT",
                             best_cards=hit_coordinator.organisation, coordinator=first)  # fmt: skip
    membership = ListMembership.objects.get()
    services.change_coordinator(membership, by=regisseur, coordinator=second, reason="Verlof")
    assigned = Notification.objects.filter(kind=NotificationKind.COORDINATOR_ASSIGNED)
    assert sorted(assigned.values_list("recipient__username", flat=True)) == [
        "coordinator-een",
        "coordinator-twee",
    ]
    assert {n.link for n in assigned} == {f"/doelgroepen/personen/{convicted.pk}/"}
    assert convicted.surname not in {n.text for n in assigned}
