import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.audit.models import AuditAction, AuditEntry
from schakel.conferences import selectors, services
from schakel.conferences.models import ActionReview, Conference, Decision
from tests.factories import CaseFactory, ConferenceFactory, InterventionFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(regisseur):
    return ConferenceFactory(host_organisation=regisseur.organisation, chair=regisseur)


@pytest.fixture
def two_cases(regisseur, politie, wijkteam, conference):
    """One case with the police and one with the wijkteam, both on the agenda."""
    police_case = CaseFactory(
        host_organisation=regisseur.organisation,
        participants=[politie.organisation],
        persons=[PersonFactory()],
        title="Overlast Dorpsstraat",
    )
    wijkteam_case = CaseFactory(
        host_organisation=regisseur.organisation,
        participants=[wijkteam.organisation],
        persons=[PersonFactory()],
        title="Zorgen Kerklaan",
    )
    services.add_case_to_agenda(conference, police_case, by=regisseur)
    services.add_case_to_agenda(conference, wijkteam_case, by=regisseur)
    return police_case, wijkteam_case


def url(name, *args):
    return reverse(f"conferences:{name}", args=args)


def test_agenda_hides_cases_a_participant_may_not_see(regisseur, politie, conference, two_cases):
    police_case, wijkteam_case = two_cases
    services.invite_attendee(conference, politie, by=regisseur)

    data = selectors.conference_detail(politie, conference)
    visible = [row for row in data["agenda"] if row["visible"]]
    hidden = [row for row in data["agenda"] if not row["visible"]]
    assert [row["case"] for row in visible] == [police_case]
    assert len(hidden) == 1 and "case" not in hidden[0]


def test_detail_page_shows_a_hidden_case_without_reference_or_title(
    regisseur, politie, conference, two_cases, client_for
):
    police_case, wijkteam_case = two_cases
    services.invite_attendee(conference, politie, by=regisseur)

    response = client_for(politie).get(url("detail", conference.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert police_case.reference in content
    assert wijkteam_case.reference not in content
    assert wijkteam_case.title not in content
    assert content.count('class="card" id="item-') == 2


def test_viewing_a_conference_audits_the_persons_of_visible_agenda_cases(
    regisseur, politie, conference, two_cases
):
    police_case, wijkteam_case = two_cases
    services.invite_attendee(conference, politie, by=regisseur)

    selectors.conference_detail(politie, conference)

    seen = set(
        AuditEntry.objects.filter(user_id_ref=politie.pk, action=AuditAction.VIEW)
        .exclude(person_id_ref=None)
        .values_list("person_id_ref", flat=True)
    )
    assert seen == {police_case.persons.get().pk}
    assert AuditEntry.objects.filter(
        user_id_ref=politie.pk, object_type="conferences.conference", object_id=conference.pk
    ).exists()


def test_decisions_in_categories_the_user_may_not_see_are_hidden(
    regisseur, wijkteam, conference, two_cases
):
    _, wijkteam_case = two_cases
    services.invite_attendee(conference, wijkteam, by=regisseur)
    services.record_decision(
        conference, wijkteam_case, by=regisseur, text="Justitieel", category="justice"
    )
    services.record_decision(conference, wijkteam_case, by=regisseur, text="Zorg", category="care")

    data = selectors.conference_detail(wijkteam, conference)
    row = next(row for row in data["agenda"] if row["visible"])
    assert [d.text for d in row["decisions"]] == ["Zorg"]


def test_overdue_open_interventions_await_review(regisseur, conference, two_cases):
    police_case, _ = two_cases
    overdue = InterventionFactory(
        plan__case=police_case, deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    InterventionFactory(plan=overdue.plan)  # not yet due
    InterventionFactory(
        plan=overdue.plan,
        deadline=timezone.localdate() - datetime.timedelta(days=1),
        status="done",
    )

    data = selectors.conference_detail(regisseur, conference)
    row = next(r for r in data["agenda"] if r["visible"] and r["case"] == police_case)
    assert row["overdue"] == [overdue]

    services.review_action(conference, overdue, by=regisseur, reason="partner")
    data = selectors.conference_detail(regisseur, conference)
    row = next(r for r in data["agenda"] if r["visible"] and r["case"] == police_case)
    assert row["overdue"] == [] and [r.intervention for r in row["reviews"]] == [overdue]


def test_list_and_detail_pages(regisseur, politie, conference, client_for):
    client = client_for(regisseur)
    assert client.get(url("list")).status_code == 200
    assert client.get(url("detail", conference.pk)).status_code == 200
    assert client.get(url("create")).status_code == 200


def test_uninvited_partner_gets_404_on_a_conference(politie, conference, client_for):
    client = client_for(politie)
    assert client.get(url("detail", conference.pk)).status_code == 404
    assert client.get(url("print", conference.pk)).status_code == 404
    assert client.post(url("hold", conference.pk)).status_code == 404
    assert conference.title not in client.get(url("list")).content.decode()


def test_only_directors_may_open_the_create_page(politie, client_for):
    assert client_for(politie).get(url("create")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, conference):
    response = client.get(url("detail", conference.pk))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_create_form_plans_and_redirects(regisseur, client_for):
    response = client_for(regisseur).post(
        url("create"),
        {
            "title": "Casusoverleg week 12",
            "starts_at": "2030-03-18T10:00",
            "location": "Zaal 2",
            "chair": regisseur.pk,
        },
    )
    conference = Conference.objects.get(title="Casusoverleg week 12")
    assert response.status_code == 302
    assert response["Location"] == url("detail", conference.pk)


def test_an_invalid_date_in_the_create_form_shows_an_error(regisseur, client_for):
    response = client_for(regisseur).post(
        url("create"),
        {"title": "Overleg", "starts_at": "31-31-2030 99:99", "chair": regisseur.pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["starts_at"]
    assert not Conference.objects.exists()


def test_decision_form_before_confidentiality_shows_an_error(
    regisseur, politie, conference, two_cases, client_for
):
    police_case, _ = two_cases
    services.invite_attendee(conference, politie, by=regisseur)
    item = conference.agenda.get(case=police_case)
    prefix = f"decision-{item.pk}"

    response = client_for(politie).post(
        url("record_decision", conference.pk, item.pk),
        {f"{prefix}-text": "Huisbezoek", f"{prefix}-category": "general"},
    )
    assert response.status_code == 200
    assert not Decision.objects.exists()


def test_accept_and_record_decision_through_the_pages(
    regisseur, politie, conference, two_cases, client_for
):
    police_case, wijkteam_case = two_cases
    attendance = services.invite_attendee(conference, politie, by=regisseur)
    client = client_for(politie)

    detail = client.get(url("detail", conference.pk)).content.decode()
    assert str(services.CONFIDENTIALITY_STATEMENT)[:40] in detail
    response = client.post(url("accept_confidentiality", conference.pk, attendance.pk))
    assert response.status_code == 302

    item = conference.agenda.get(case=police_case)
    prefix = f"decision-{item.pk}"
    response = client.post(
        url("record_decision", conference.pk, item.pk),
        {f"{prefix}-text": "Huisbezoek binnen een week", f"{prefix}-category": "general"},
    )
    assert response.status_code == 302
    assert Decision.objects.get().text == "Huisbezoek binnen een week"

    hidden_item = conference.agenda.get(case=wijkteam_case)
    response = client.post(
        url("record_decision", conference.pk, hidden_item.pk),
        {f"decision-{hidden_item.pk}-text": "x", f"decision-{hidden_item.pk}-category": "general"},
    )
    assert response.status_code == 404


def test_review_form_requires_explanation_for_other(regisseur, conference, two_cases, client_for):
    police_case, _ = two_cases
    intervention = InterventionFactory(
        plan__case=police_case, deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    client = client_for(regisseur)
    prefix = f"review-{intervention.pk}"
    path = url("review_action", conference.pk, intervention.pk)

    response = client.post(path, {f"{prefix}-reason": "other", f"{prefix}-explanation": ""})
    assert response.status_code == 200
    assert not ActionReview.objects.exists()

    response = client.post(path, {f"{prefix}-reason": "other", f"{prefix}-explanation": "Ziek"})
    assert response.status_code == 302
    assert ActionReview.objects.get().explanation == "Ziek"


def test_add_case_invite_and_hold_through_the_pages(regisseur, politie, conference, client_for):
    conference.starts_at = timezone.now() - datetime.timedelta(hours=1)  # held on its date
    conference.save(update_fields=["starts_at"])
    case = CaseFactory(
        host_organisation=regisseur.organisation, participants=[politie.organisation]
    )
    client = client_for(regisseur)

    assert client.post(url("add_agenda_item", conference.pk), {"case": case.pk}).status_code == 302
    assert conference.agenda.filter(case=case).exists()
    assert client.post(url("invite", conference.pk), {"user": politie.pk}).status_code == 302
    assert conference.attendees.filter(user=politie).exists()

    # nobody has accepted yet: a message, no change
    assert client.post(url("hold", conference.pk)).status_code == 302
    conference.refresh_from_db()
    assert conference.status == Conference.Status.PLANNED

    client.post(url("invite", conference.pk), {"user": regisseur.pk})
    own = conference.attendees.get(user=regisseur)
    client.post(url("accept_confidentiality", conference.pk, own.pk))
    client.post(url("hold", conference.pk))
    conference.refresh_from_db()
    assert conference.status == Conference.Status.HELD


def test_adding_a_case_that_is_not_offered_shows_an_error(regisseur, conference, client_for):
    response = client_for(regisseur).post(url("add_agenda_item", conference.pk), {"case": "abc"})
    assert response.status_code == 200
    assert response.context["agenda_form"].errors


def test_print_view_is_audited_as_print(regisseur, conference, two_cases, client_for):
    response = client_for(regisseur).get(url("print", conference.pk))
    assert response.status_code == 200
    assert b"page-nav" not in response.content
    assert AuditEntry.objects.filter(
        user_id_ref=regisseur.pk, action=AuditAction.PRINT, object_id=conference.pk
    ).exists()


def test_put_case_on_agenda_from_the_case_page(regisseur, conference, client_for):
    case = CaseFactory(host_organisation=regisseur.organisation, coordinator=regisseur)
    response = client_for(regisseur).post(
        url("put_case_on_agenda", case.pk), {"conference": conference.pk, "question": ""}
    )
    assert response.status_code == 302
    assert conference.agenda.filter(case=case).exists()


def test_case_conferences_partial_links_only_visible_conferences(
    regisseur, politie, conference, two_cases, rf
):
    from django.template.loader import render_to_string

    police_case, _ = two_cases
    other = ConferenceFactory(host_organisation=regisseur.organisation, chair=regisseur)
    services.add_case_to_agenda(other, police_case, by=regisseur)
    services.invite_attendee(conference, politie, by=regisseur)
    request = rf.get("/")
    request.user = politie

    html = render_to_string(
        "conferences/_case_conferences.html",
        {"case": police_case, "dossier": {"decisions": []}, "can_manage": False, "user": politie},
        request=request,
    )
    assert url("detail", conference.pk) in html
    assert url("detail", other.pk) not in html


def test_the_chair_records_general_minutes_that_the_print_shows(client_for, regisseur):
    from schakel.conferences.models import Conference
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(chair=regisseur, host_organisation=regisseur.organisation)
    client = client_for(regisseur)
    response = client.post(
        f"/overleggen/{conference.pk}/notulen/", {"minutes": "Opening; werkafspraken."}
    )
    assert response.status_code == 302
    assert Conference.objects.get(pk=conference.pk).minutes == "Opening; werkafspraken."
    assert "werkafspraken" in client.get(f"/overleggen/{conference.pk}/afdrukken/").content.decode()


def test_a_partner_cannot_write_the_minutes(client_for, regisseur, politie):
    from schakel.conferences.models import Attendance, Conference
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(chair=regisseur, host_organisation=regisseur.organisation)
    Attendance.objects.create(
        conference=conference, user=politie, organisation=politie.organisation
    )
    client_for(politie).post(f"/overleggen/{conference.pk}/notulen/", {"minutes": "vervalst"})
    assert Conference.objects.get(pk=conference.pk).minutes == ""


def test_a_case_is_picked_by_typing_its_reference(regisseur, politie, conference, client_for):
    """Issue 12: choosing a case for the agenda meant scrolling a dropdown of ~130 cases. The
    field suggests reference and title as one types (a datalist of what may be added) and takes
    the reference; a case not offered is refused."""
    case = CaseFactory(host_organisation=regisseur.organisation, title="Overlast Lindelaan")
    from tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory(name="Ander veiligheidshuis", kind="veiligheidshuis")
    other = CaseFactory(title="Niet van dit huis", host_organisation=elsewhere)  # not offered
    client = client_for(regisseur)
    page = client.get(url("detail", conference.pk)).content.decode()
    assert 'list="id_case-options"' in page
    assert f'<option value="{case.reference}">Overlast Lindelaan</option>' in page
    assert other.reference not in page
    response = client.post(url("add_agenda_item", conference.pk), {"case": case.reference.lower()})
    assert response.status_code == 302
    assert conference.agenda.filter(case=case).exists()
    refused = client.post(url("add_agenda_item", conference.pk), {"case": other.reference})
    assert refused.context["agenda_form"].errors["case"]
    assert not conference.agenda.filter(case=other).exists()
