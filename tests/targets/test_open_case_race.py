"""A double click on "open a case" for a person on a list opens one case, not two (review
finding). PostgreSQL only: SQLite's IMMEDIATE transactions already run the two one after the
other, and the suite's in-memory SQLite refuses concurrent writers. Transactional and alone in
its module: the two threads need committed data and their own connections."""

import threading

import pytest
from django.db import connection, connections

from schakel.access.errors import ValidationError
from schakel.cases.models import Case
from schakel.organisations.models import OrganisationKind, Role
from schakel.targets import services
from schakel.targets.models import ListMembership, TargetGroupRule, TargetList
from tests.conftest import install_default_configuration
from tests.factories import PersonFactory, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only: SQLite serialises writers"
    ),
]


def test_two_simultaneous_submits_open_one_case():
    install_default_configuration()
    regisseur = make_user(
        Role.PROCESS_DIRECTOR, OrganisationKind.SAFETY_HOUSE, "regisseur", "Veiligheidshuis"
    )
    coordinator = make_user(Role.COORDINATOR, OrganisationKind.MUNICIPALITY, "hit", "Gemeente")
    politie = make_user(Role.PROFESSIONAL, OrganisationKind.POLICE, "politie", "Politie")
    target_list = TargetList.objects.create(
        name="HIT",
        rule=TargetGroupRule.objects.get(code="hit"),
        host_organisation=regisseur.organisation,
    )
    target_list.team.add(coordinator)
    person = PersonFactory(surname="Lijst")
    services.include_on_list(
        target_list,
        person,
        by=regisseur,
        reason="selectie",
        best_cards=politie.organisation,
        coordinator=coordinator,
    )
    membership = ListMembership.objects.get(person=person)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            services.open_case_for_person(
                ListMembership.objects.get(pk=membership.pk), by=coordinator, title="HIT-casus"
            )
            outcomes.append("opened")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["opened", "refused"]
    assert Case.objects.filter(persons=person).count() == 1
