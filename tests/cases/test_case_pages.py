"""The case page's forms: invite, status, scale up/down, notes, subjects."""

import pytest
from django.urls import reverse

from schakel.cases.models import CaseNote
from schakel.cases.workflow import CaseStatus
from schakel.triage.models import EscalationLevel
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(regisseur, politie):
    return CaseFactory(
        host_organisation=regisseur.organisation,
        lead_organisation=regisseur.organisation,
        coordinator=regisseur,
        participants=[politie.organisation],
        persons=[PersonFactory()],
    )


def test_regisseur_invites_partners_who_then_see_the_case(client_for, regisseur, case, wijkteam):
    assert client_for(wijkteam).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    client = client_for(regisseur)
    response = client.post(
        reverse("cases:invite", args=[case.pk]),
        {
            "organisation": wijkteam.organisation.pk,
            "purpose": "Zorg voor het gezin",
            "purpose_category": "care",
        },
    )
    assert response.status_code == 302
    assert client_for(wijkteam).get(reverse("cases:detail", args=[case.pk])).status_code == 200
    event = case.events.get(kind="participation")
    assert wijkteam.organisation.name in event.description


def test_inviting_twice_is_refused_with_a_message(client_for, regisseur, case, politie):
    response = client_for(regisseur).post(
        reverse("cases:invite", args=[case.pk]), {"organisation": politie.organisation.pk}
    )
    assert response.status_code == 400
    assert case.participations.filter(organisation=politie.organisation).count() == 1


def test_partner_cannot_change_status(client_for, politie, case):
    response = client_for(politie).post(
        reverse("cases:status", args=[case.pk]), {"to_status": CaseStatus.CONFERENCE}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.TRIAGE


def test_illegal_status_step_is_a_form_error(client_for, regisseur, case):
    response = client_for(regisseur).post(
        reverse("cases:status", args=[case.pk]),
        {"to_status": CaseStatus.CLOSED, "reason": "klaar"},
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.TRIAGE


def test_scaling_down_records_a_triage_decision_and_history(client_for, regisseur, case):
    level_2 = EscalationLevel.objects.get(number=2)
    response = client_for(regisseur).post(
        reverse("cases:rescale", args=[case.pk]),
        {
            "level": level_2.pk,
            "lead_organisation": regisseur.organisation.pk,
            "reason": "Situatie stabiel",
            "reason_category": "general",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.level == level_2
    decision = case.triage_decisions.get()
    assert decision.review_date == case.review_date
    assert case.events.filter(kind="triage").exists()


def test_review_date_in_the_past_is_refused(client_for, regisseur, case):
    response = client_for(regisseur).post(
        reverse("cases:rescale", args=[case.pk]),
        {
            "level": EscalationLevel.objects.get(number=4).pk,
            "lead_organisation": regisseur.organisation.pk,
            "reason": "Acuut",
            "reason_category": "general",
            "review_date": "2000-01-01",
        },
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.level.number == 3


def test_police_cannot_write_a_care_note(client_for, politie, case):
    response = client_for(politie).post(
        reverse("cases:notes", args=[case.pk]), {"category": "care", "text": "diagnose"}
    )
    assert response.status_code == 400
    assert not CaseNote.objects.exists()


def test_police_writes_a_justice_note(client_for, politie, case):
    response = client_for(politie).post(
        reverse("cases:notes", args=[case.pk]), {"category": "justice", "text": "aanhouding"}
    )
    assert response.status_code == 302
    assert CaseNote.objects.get().organisation == politie.organisation


def test_adding_a_person_and_address_to_a_case(client_for, regisseur, case):
    response = client_for(regisseur).post(
        reverse("cases:persons", args=[case.pk]),
        {
            "person-given_names": "Anna",
            "person-surname": "Fictief",
            "address-postcode": "9992 CD",
            "address-house_number": "3",
        },
    )
    assert response.status_code == 302
    # What was typed is the statement; the person joins the case once the host establishes it.
    statement = case.reported_subjects.get()
    assert not case.persons.filter(surname="Fictief").exists()
    assert case.addresses.filter(postcode="9992CD").exists()
    response = client_for(regisseur).post(
        reverse("cases:establish_subject", args=[case.pk, statement.pk]),
        {f"s{statement.pk}-person": "new"},
    )
    assert response.status_code == 302
    assert case.persons.get(surname="Fictief").address.postcode == "9992CD"


def test_case_search_is_posted_and_finds_by_surname(client_for, regisseur, case):
    person = case.persons.get()
    response = client_for(regisseur).post(reverse("cases:list"), {"query": person.surname})
    assert case.reference in response.content.decode()
    response = client_for(regisseur).post(reverse("cases:list"), {"query": "zzzz-niemand"})
    assert case.reference not in response.content.decode()


def test_case_list_audits_the_persons_of_every_case_listed(client_for, regisseur, case):
    from schakel.audit.models import AuditAction, AuditEntry

    person = case.persons.get()
    client_for(regisseur).post(reverse("cases:list"), {"query": person.surname})

    entry = AuditEntry.objects.get(action=AuditAction.SEARCH, person_id_ref=person.pk)
    assert (entry.object_type, entry.object_id) == ("cases.case", str(case.pk))
    assert entry.user_id_ref == regisseur.pk


def test_case_page_queries_do_not_grow_with_its_interventions(
    client_for, politie, case, django_assert_max_num_queries
):
    from schakel.plans.models import InterventionType
    from tests.factories import ActionPlanFactory, InterventionFactory

    plan = ActionPlanFactory(case=case)
    client = client_for(politie)  # not the owner: whether they may report is asked per row
    general = InterventionType.objects.filter(domain="administrative").first()
    InterventionFactory(plan=plan, type=general)
    client.get(reverse("cases:detail", args=[case.pk]))  # warm caches
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("cases:detail", args=[case.pk]))
    for _ in range(6):
        InterventionFactory(plan=plan, type=general)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:detail", args=[case.pk]))


def test_the_overview_counts_what_the_sections_hold_without_naming_anyone(
    client_for, regisseur, politie, case
):
    import datetime

    from tests.factories import InterventionFactory

    case.persons.add(PersonFactory(surname="Telbaar"))
    InterventionFactory(plan__case=case, deadline=datetime.date.today() - datetime.timedelta(1))
    for category in ("general", "care"):
        CaseNote.objects.create(
            case=case, category=category, text="x", author=regisseur,
            organisation=regisseur.organisation,
        )  # fmt: skip
    page = client_for(regisseur).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "2 persons," in page and "1 open intervention" in page and "1 overdue" in page
    assert "2 notes" in page
    assert "Telbaar" not in page  # counted, not named: the persons section shows who
    # The police may not read care notes: counted as they are shown to it, one.
    police = client_for(politie).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "1 note<" in police
