"""Persons through the API: only subjects of visible cases and signals, and every one audited."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from tests.factories import VALID_BSNS, CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_person_list_shows_only_subjects_of_visible_cases(api_for, politie, reclassering):
    mine = PersonFactory()
    CaseFactory(participants=[politie.organisation], persons=[mine])
    CaseFactory(participants=[reclassering.organisation], persons=[PersonFactory()])
    PersonFactory()  # on no case at all

    assert _ids(api_for(politie).get(reverse("person-list"))) == {mine.pk}


def _search(client, term):
    """POST /api/v1/persons/_zoek/: the search term travels in the body, never in a URL."""
    return client.post(reverse("person-search"), {"search": term}, format="json")


def test_search_does_not_reveal_persons_of_invisible_cases(api_for, politie, reclassering):
    hidden = PersonFactory(surname="Verborgen", bsn=VALID_BSNS[0])
    CaseFactory(participants=[reclassering.organisation], persons=[hidden])
    client = api_for(politie)

    assert _ids(_search(client, "Verborgen")) == set()
    assert _ids(_search(client, VALID_BSNS[0])) == set()
    assert client.get(reverse("person-detail", args=[hidden.pk])).status_code == 404
    assert not AuditEntry.objects.filter(person_id_ref=hidden.pk).exists()


def test_search_finds_visible_person_by_exact_surname_or_bsn(api_for, politie):
    found = PersonFactory(surname="de Boer", bsn=VALID_BSNS[1])
    other = PersonFactory(surname="Boersma")
    CaseFactory(participants=[politie.organisation], persons=[found, other])
    client = api_for(politie)

    assert reverse("person-search") == "/api/v1/persons/_zoek"
    assert _ids(_search(client, "DE BOER")) == {found.pk}
    assert _ids(_search(client, VALID_BSNS[1])) == {found.pk}
    assert _ids(_search(client, "Boer")) == set()


def test_a_search_in_the_query_string_is_refused_without_searching(api_for, politie):
    """A BSN or surname in a URL ends up in access logs: the list refuses `search`."""
    person = PersonFactory(surname="de Boer", bsn=VALID_BSNS[1])
    CaseFactory(participants=[politie.organisation], persons=[person])
    client = api_for(politie)

    for term in (VALID_BSNS[1], "de Boer", ""):
        response = client.get(reverse("person-list"), {"search": term})
        assert response.status_code == 400
        assert "_zoek" in str(response.json())
    assert not AuditEntry.objects.filter(person_id_ref=person.pk).exists()
    dutch = client.get(reverse("person-list"), {"search": "x"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert "POST" in str(dutch.json()) and "Zoek" in str(dutch.json())


@pytest.mark.parametrize("body", [{}, {"search": ""}, {"search": "   "}, {"search": "a\x00b"}])
def test_a_search_without_a_usable_term_is_refused(api_for, politie, body):
    response = api_for(politie).post(reverse("person-search"), body, format="json")
    assert response.status_code == 400


def test_person_list_writes_one_audit_entry_per_person_shown(api_for, politie):
    persons = PersonFactory.create_batch(3)
    CaseFactory(participants=[politie.organisation], persons=persons)

    api_for(politie).get(reverse("person-list"))

    entries = AuditEntry.objects.filter(user_id_ref=politie.pk, action=AuditAction.LIST)
    assert sorted(e.person_id_ref for e in entries) == sorted(p.pk for p in persons)


def test_person_search_is_audited_as_search_without_the_search_term(api_for, politie):
    person = PersonFactory(bsn=VALID_BSNS[2])
    CaseFactory(participants=[politie.organisation], persons=[person])

    _search(api_for(politie), VALID_BSNS[2])

    entry = AuditEntry.objects.get(user_id_ref=politie.pk, action=AuditAction.SEARCH)
    assert entry.person_id_ref == person.pk
    assert VALID_BSNS[2] not in entry.detail + entry.object_id + entry.purpose


def test_person_detail_writes_a_view_entry(api_for, politie):
    person = PersonFactory()
    CaseFactory(participants=[politie.organisation], persons=[person])

    response = api_for(politie).get(reverse("person-detail", args=[person.pk]))

    assert response.status_code == 200
    assert response.json()["full_name"] == person.full_name
    assert AuditEntry.objects.filter(
        user_id_ref=politie.pk, action=AuditAction.VIEW, person_id_ref=person.pk
    ).exists()


def test_analist_sees_no_persons(api_for, analist):
    person = PersonFactory()
    CaseFactory(participants=[analist.organisation], persons=[person])

    assert _ids(api_for(analist).get(reverse("person-list"))) == set()
    assert not AuditEntry.objects.filter(person_id_ref=person.pk).exists()


def test_listing_persons_logs_each_person_in_a_few_queries(
    api_for, politie, django_assert_max_num_queries
):
    from schakel.audit.models import AuditEntry
    from tests.factories import CaseFactory, PersonFactory

    persons = [PersonFactory() for _ in range(30)]
    CaseFactory(participants=[politie.organisation], persons=persons)
    api = api_for(politie)
    with django_assert_max_num_queries(15):
        response = api.get("/api/v1/persons")
    assert response.json()["count"] == 30
    logged = set(
        AuditEntry.objects.filter(username="politie").values_list("person_id_ref", flat=True)
    )
    assert {p.pk for p in persons} <= logged
