"""One search box for what the user may see (issue 12): cases by reference or title, signals by
reference, case conferences by title, persons by name or BSN — always a POST, each part through
its own `visible_to`, persons audited as in the person search."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from tests.factories import CaseFactory, ConferenceFactory, PersonFactory, SignalFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("dashboard:search")
BSN = "111222333"


@pytest.fixture
def world(regisseur, politie, reclassering):
    own = CaseFactory(title="Overlast Lindelaan", participants=[politie.organisation],
                      persons=[PersonFactory(surname="Zoekbaar", bsn=BSN)])  # fmt: skip
    hidden = CaseFactory(title="Overlast Lindehof", participants=[reclassering.organisation],
                         persons=[PersonFactory(surname="Verborgen")])  # fmt: skip
    signal = SignalFactory(reporting_organisation=politie.organisation)
    conference = ConferenceFactory(title="Overlastoverleg")
    return own, hidden, signal, conference


def test_the_search_finds_only_what_the_user_may_see(client_for, politie, world):
    own, hidden, signal, _conference = world
    client = client_for(politie)
    page = client.post(SEARCH, {"query": "Overlast"}).content.decode()
    assert own.reference in page and hidden.reference not in page
    assert "Overlast Lindehof" not in page.split('id="search-results"')[-1]
    page = client.post(SEARCH, {"query": hidden.reference}).content.decode()
    assert hidden.reference not in page.split('id="search-results"')[-1]
    page = client.post(SEARCH, {"query": signal.reference}).content.decode()
    assert f'href="/signalen/{signal.pk}/"' in page


def test_persons_by_name_or_bsn_are_audited(client_for, politie, world):
    client = client_for(politie)
    page = client.post(SEARCH, {"query": BSN}).content.decode()
    assert "Zoekbaar" in page
    assert AuditEntry.objects.filter(
        username=politie.username, action=AuditAction.SEARCH, person_id_ref__isnull=False
    ).exists()
    page = client.post(SEARCH, {"query": "Verborgen"}).content.decode()
    assert "Verborgen" not in page.split('id="search-results"')[-1]


def test_the_director_sees_the_conference(client_for, regisseur, world):
    _own, _hidden, _signal, conference = world
    conference.host_organisation = regisseur.organisation
    conference.save()
    page = client_for(regisseur).post(SEARCH, {"query": "Overlastoverleg"}).content.decode()
    assert f'href="/overleggen/{conference.pk}/"' in page


def test_a_search_term_never_travels_in_a_url(client_for, politie, world):
    page = client_for(politie).get(SEARCH, {"query": BSN}).content.decode()
    assert "Zoekbaar" not in page  # a GET does not search
    header = client_for(politie).get("/").content.decode()
    assert f'action="{SEARCH}"' in header and 'method="post"' in header


def test_a_short_term_is_refused_with_a_reason(client_for, politie):
    response = client_for(politie).post(SEARCH, {"query": "a"})
    assert response.status_code == 400
    assert "at least 2" in response.content.decode()


def test_roles_without_case_work_have_no_search(client_for, analist):
    assert client_for(analist).post(SEARCH, {"query": "Overlast"}).status_code == 403
