"""Cases through the API: the same need-to-know, data categories and audit as the case pages."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from schakel.cases.workflow import CaseStatus
from tests.api.problems import invalid_names
from tests.factories import CaseFactory, CaseNoteFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_participant_sees_only_their_cases(api_for, politie, reclassering):
    theirs = CaseFactory(participants=[politie.organisation])
    CaseFactory(participants=[reclassering.organisation])

    assert _ids(api_for(politie).get(reverse("case-list"))) == {theirs.pk}


def test_regisseur_sees_every_case_of_their_house(api_for, regisseur, politie):
    cases = {CaseFactory().pk, CaseFactory(participants=[politie.organisation]).pk}

    assert _ids(api_for(regisseur).get(reverse("case-list"))) == cases


def test_ended_participation_no_longer_shows_the_case(api_for, politie):
    from django.utils import timezone

    case = CaseFactory(participants=[politie.organisation])
    case.participations.update(ended_at=timezone.now())

    assert _ids(api_for(politie).get(reverse("case-list"))) == set()


def test_case_list_filters_on_status(api_for, regisseur):
    in_conference = CaseFactory(status=CaseStatus.CONFERENCE)
    CaseFactory(status=CaseStatus.TRIAGE)

    response = api_for(regisseur).get(reverse("case-list"), {"status": CaseStatus.CONFERENCE})

    assert _ids(response) == {in_conference.pk}


def test_unknown_status_filter_is_a_400(api_for, regisseur):
    response = api_for(regisseur).get(reverse("case-list"), {"status": "nonsense"})

    assert response.status_code == 400
    assert invalid_names(response) == {"status"}


def test_non_participant_gets_404_on_case_detail(api_for, politie, reclassering):
    case = CaseFactory(participants=[reclassering.organisation])

    response = api_for(politie).get(reverse("case-detail", args=[case.pk]))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(object_id=str(case.pk)).exists()


def test_non_numeric_case_id_is_a_404(api_for, politie):
    assert api_for(politie).get("/api/v1/cases/abc").status_code == 404


def test_case_detail_shows_subjects_participations_and_events(api_for, politie):
    person = PersonFactory(given_names="Kees", surname="Visser")
    case = CaseFactory(participants=[politie.organisation], persons=[person])

    data = api_for(politie).get(reverse("case-detail", args=[case.pk])).json()

    assert data["reference"] == case.reference
    assert data["persons"] == [{"id": person.pk, "full_name": "Kees Visser"}]
    assert [p["organisation"] for p in data["participations"]] == [politie.organisation_id]
    assert data["events"] == []


def test_retrieving_a_case_writes_audit_entries_for_its_persons(api_for, politie):
    persons = PersonFactory.create_batch(2)
    case = CaseFactory(participants=[politie.organisation], persons=persons)

    api_for(politie).get(reverse("case-detail", args=[case.pk]))

    entries = AuditEntry.objects.filter(
        user_id_ref=politie.pk, action=AuditAction.VIEW, object_id=str(case.pk)
    )
    assert {e.person_id_ref for e in entries if e.person_id_ref} == {p.pk for p in persons}
    assert entries.filter(person_id_ref__isnull=True, object_type="cases.case").count() == 1


def test_case_list_writes_no_person_data(api_for, politie):
    CaseFactory(participants=[politie.organisation], persons=[PersonFactory()])

    data = api_for(politie).get(reverse("case-list")).json()

    assert "persons" not in data["results"][0]


def test_wijkteam_sees_care_notes_but_not_justice_notes(api_for, wijkteam):
    case = CaseFactory(participants=[wijkteam.organisation])
    care = CaseNoteFactory(case=case, category="care", text="Zorgnotitie")
    CaseNoteFactory(case=case, category="justice", text="Justitienotitie")

    data = api_for(wijkteam).get(reverse("case-detail", args=[case.pk])).json()

    assert [note["id"] for note in data["notes"]] == [care.pk]
    assert "Justitienotitie" not in str(data)


def test_police_sees_justice_notes_but_not_care_notes(api_for, politie):
    case = CaseFactory(participants=[politie.organisation])
    CaseNoteFactory(case=case, category="care")
    justice = CaseNoteFactory(case=case, category="justice")

    data = api_for(politie).get(reverse("case-detail", args=[case.pk])).json()

    assert [note["id"] for note in data["notes"]] == [justice.pk]


@pytest.mark.parametrize("role_fixture", ["analist", "auditor"])
def test_roles_that_do_not_work_on_cases_get_an_empty_case_list(api_for, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    case = CaseFactory(participants=[user.organisation])

    client = api_for(user)
    assert _ids(client.get(reverse("case-list"))) == set()
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404


def test_cases_are_read_only(api_for, regisseur):
    case = CaseFactory()
    client = api_for(regisseur)

    assert client.post(reverse("case-list"), {"title": "x"}).status_code == 405
    assert client.patch(reverse("case-detail", args=[case.pk]), {"title": "x"}).status_code == 405
