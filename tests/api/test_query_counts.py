"""A page of the signals API costs the same number of queries whatever it holds (it was one
query per signal and more: 244 for a page of 50 demo signals before, 22 after)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from schakel.registry.models import ReportedSubject
from tests.factories import PersonFactory, SignalFactory

pytestmark = pytest.mark.django_db


def _signals(count, regisseur, politie):
    for n in range(count):
        signal = SignalFactory(
            receiving_organisation=regisseur.organisation,
            reporting_organisation=politie.organisation,
            reported_by=politie,
        )
        person = PersonFactory()
        signal.persons.add(person)
        signal.reported_subjects.add(
            ReportedSubject.objects.create(
                given_names="Kim",
                surname=f"Getypt{n}",
                reported_by=politie,
                organisation=politie.organisation,
                person=person,
            )
        )


def _queries(user) -> int:
    client = APIClient()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/signals")
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("reader", ["regisseur", "politie"])
def test_the_signal_list_costs_the_same_for_3_or_12_signals(request, regisseur, politie, reader):
    user = request.getfixturevalue(reader)
    _signals(3, regisseur, politie)
    few, shown = _queries(user)
    assert shown == 3
    _signals(9, regisseur, politie)
    many, shown = _queries(user)
    assert shown == 12
    assert many == few
