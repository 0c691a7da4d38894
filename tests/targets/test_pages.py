"""The pages of the person-oriented approach: who sees what, what is audited, what the forms do."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schakel.audit.models import AuditEntry
from schakel.jobs.models import Job
from schakel.organisations.models import OrganisationKind, Role
from schakel.plans.models import InterventionType
from schakel.registry.models import Person
from schakel.targets import services
from schakel.targets.models import (
    Assessment,
    AssessmentInstrument,
    Bottleneck,
    EvaluationMeeting,
    JudicialRegistration,
    ListMembership,
    MeetingAction,
    TheoryBox,
)
from tests.factories import VALID_BSNS, CaseFactory, InterventionFactory, make_user
from tests.targets.conftest import csv_text, days_ago, do_import, registration_row

SECRET_NAME = "Zwaantje"


@pytest.fixture
def member(hit_list, hit_coordinator, regisseur):
    do_import(
        [
            registration_row(
                1,
                given_name=SECRET_NAME,
                bsn=VALID_BSNS[2],
                decision_date=days_ago(60),
                offence_date=days_ago(200),
            ),  # fmt: skip
            registration_row(
                2,
                person_ref="P1",
                bsn=VALID_BSNS[2],
                registration_id="NEW-1",
                offence_date=days_ago(20),
                decision="lopend",
                decision_date="",
            ),  # fmt: skip
        ]
    )
    person = Person.objects.get(given_names=SECRET_NAME)
    services.include_on_list(hit_list, person, by=regisseur, reason="Voldoet",
                             best_cards=regisseur.organisation, coordinator=hit_coordinator,
                             effective_on=datetime.date.today() - datetime.timedelta(days=40))  # fmt: skip
    case = CaseFactory(coordinator=hit_coordinator, host_organisation=regisseur.organisation,
                       persons=[person])  # fmt: skip
    InterventionFactory(
        plan__case=case,
        type=InterventionType.objects.filter(domain="administrative").first(),  # general data
        deadline=datetime.date.today() - datetime.timedelta(days=3),
    )
    return person


def test_analyst_sees_list_figures_but_no_persons(client_for, analist, hit_list, member):
    client = client_for(analist)
    page = client.get(reverse("targets:index"))
    assert page.status_code == 200 and "HIT Lindewaard" in page.content.decode()
    detail = client.get(reverse("targets:list", args=[hit_list.pk])).content.decode()
    assert SECRET_NAME not in detail
    assert client.get(reverse("targets:person", args=[member.pk])).status_code == 404
    for name in ("bottlenecks", "recidivism", "evaluation", "report"):
        response = client.get(reverse(f"targets:{name}", args=[hit_list.pk]))
        assert response.status_code == 200, name
        assert SECRET_NAME not in response.content.decode()


def test_partner_professionals_have_no_target_lists(client_for, politie, hit_list, member):
    client = client_for(politie)
    assert client.get(reverse("targets:index")).status_code == 403
    assert client.get(reverse("targets:person", args=[member.pk])).status_code == 404


def test_a_coordinator_outside_the_team_sees_only_persons_they_coordinate(
    client_for, hit_list, member
):
    outsider = make_user(Role.COORDINATOR, OrganisationKind.MUNICIPALITY, "outsider", "Elders")
    client = client_for(outsider)
    assert client.get(reverse("targets:person", args=[member.pk])).status_code == 404
    membership = ListMembership.objects.get(person=member)
    membership.coordinator = outsider
    membership.save()
    assert client.get(reverse("targets:person", args=[member.pk])).status_code == 200


def test_viewing_a_person_is_audited_with_the_person(client_for, hit_coordinator, member):
    client_for(hit_coordinator).get(reverse("targets:person", args=[member.pk]))
    entry = AuditEntry.objects.filter(action="view", person_id_ref=member.pk).latest("id")
    assert entry.username == hit_coordinator.username
    assert SECRET_NAME not in entry.detail


def test_judicial_registrations_only_for_organisations_with_justice_data(
    client_for, hit_coordinator, regisseur, member
):
    municipal = client_for(hit_coordinator).get(reverse("targets:person", args=[member.pk]))
    assert municipal.context["justice"] is None
    house = client_for(regisseur).get(reverse("targets:person", args=[member.pk]))
    justice = house.context["justice"]
    assert len(justice["registrations"]) == 2
    assert justice["new_since_inclusion"] == 1  # the pending case after inclusion


def test_the_person_page_groups_the_plan_and_shows_the_overdue(client_for, hit_coordinator, member):
    page = client_for(hit_coordinator).get(reverse("targets:person", args=[member.pk]))
    plan = page.context["plan"]
    assert plan["count"] == 1 and len(plan["overdue"]) == 1
    assert sum(len(items) for items in plan["groups"].values()) == 1


def test_the_coordinator_sees_what_is_overdue(client_for, hit_coordinator, member):
    page = client_for(hit_coordinator).get(reverse("targets:workload"))
    assert len(page.context["overdue"]) == 1
    assert page.context["memberships"][0].assessment_outdated


def test_recording_an_assessment_and_outdated_scores(client_for, hit_coordinator, member):
    client = client_for(hit_coordinator)
    zrm = AssessmentInstrument.objects.get(code="zrm-2017")
    domains = list(zrm.domains.all())
    assert len(domains) == 13
    url = reverse("targets:assess", args=[member.pk])
    data = {"instrument": zrm.pk, "assessed_on": days_ago(45), f"domain_{domains[0].pk}": "2"}
    assert client.post(url, data).status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.scores.get().score == 2
    page = client.get(reverse("targets:person", args=[member.pk]))
    row = page.context["scores"][0]["rows"][0]
    assert row["outdated"] and row["score"] == 2
    # a score outside the scale is refused on the form, nothing is written
    bad = client.post(url, {**data, f"domain_{domains[1].pk}": "9"})
    assert bad.status_code == 400
    assert Assessment.objects.count() == 1
    assert client.get(reverse("targets:trend", args=[member.pk])).status_code == 200


def test_recording_and_solving_a_bottleneck(
    client_for, hit_coordinator, hit_list, member, corporatie
):
    client = client_for(hit_coordinator)
    response = client.post(
        reverse("targets:add_bottleneck", args=[member.pk]),
        {
            "target_list": hit_list.pk,
            "kind": "huisvesting",
            "description": "Geen woning",
            "asked_organisation": corporatie.organisation.pk,
        },  # fmt: skip
    )
    assert response.status_code == 302
    bottleneck = Bottleneck.objects.get()
    url = reverse("targets:update_bottleneck", args=[bottleneck.pk])
    client.post(url, {"status": "solved", "resolution": ""})  # needs a resolution
    bottleneck.refresh_from_db()
    assert bottleneck.status == "open"
    client.post(url, {"status": "solved", "resolution": "Woning gevonden"})
    bottleneck.refresh_from_db()
    assert bottleneck.status == "solved" and bottleneck.resolved_on
    overview = client.get(reverse("targets:bottlenecks", args=[hit_list.pk]))
    assert overview.context["summary"]["totals"]["solved"] == 1


def test_a_coordinator_cannot_change_a_bottleneck_on_a_list_they_do_not_see(
    client_for, hit_coordinator, hit_list, member, regisseur, corporatie
):
    from django.core.exceptions import PermissionDenied

    from schakel.targets.models import TargetList

    other_coordinator = make_user(Role.COORDINATOR, OrganisationKind.MUNICIPALITY, "pgacoord")
    other_list = TargetList.objects.create(
        name="PGA Lindewaard", rule=hit_list.rule, host_organisation=regisseur.organisation
    )
    services.include_on_list(other_list, member, by=regisseur, reason="Voldoet",
                             best_cards=regisseur.organisation, coordinator=other_coordinator)  # fmt: skip
    bottleneck = services.record_bottleneck(
        member,
        by=regisseur,
        target_list=other_list,
        kind="huisvesting",
        description="Geen woning",
        asked_organisation=corporatie.organisation,
    )
    # the coordinator sees the person on the HIT list, but not on the other list
    with pytest.raises(PermissionDenied):
        services.update_bottleneck(
            bottleneck, by=hit_coordinator, status="solved", resolution="Woning gevonden"
        )
    response = client_for(hit_coordinator).post(
        reverse("targets:update_bottleneck", args=[bottleneck.pk]),
        {"status": "solved", "resolution": "Woning gevonden"},
    )
    assert response.status_code == 404
    bottleneck.refresh_from_db()
    assert bottleneck.status == "open"
    # the other list's staff can
    services.update_bottleneck(bottleneck, by=regisseur, status="solved", resolution="Woning")
    bottleneck.refresh_from_db()
    assert bottleneck.status == "solved"


def test_tagging_an_intervention_with_a_life_domain(client_for, hit_coordinator, member):
    client = client_for(hit_coordinator)
    intervention = member.cases.get().plan.interventions.get()
    client.post(
        reverse("targets:tag_intervention", args=[member.pk, intervention.pk]),
        {"life_domain": "huisvesting"},
    )
    assert intervention.life_domain_tag.life_domain == "huisvesting"


def test_the_monthly_report_contains_no_personal_data(
    client_for,
    hit_coordinator,
    hit_list,
    member,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.SCHAKEL_JOB_DIR = tmp_path / "jobs"
    from schakel.targets import report

    Bottleneck.objects.create(person=member, target_list=hit_list, kind="huisvesting",
                              description=f"{SECRET_NAME} heeft geen woning",
                              asked_organisation=hit_coordinator.organisation,
                              raised_by=hit_coordinator, raised_on=datetime.date.today())  # fmt: skip
    client = client_for(hit_coordinator)
    html = client.get(reverse("targets:report", args=[hit_list.pk])).content.decode()
    assert "HIT Lindewaard" in html
    data = report.build(hit_list, datetime.date.today().year, datetime.date.today().month)
    from tests.web.pdf_structure import structure

    pdf = structure(report.render_pdf(data))
    # Tagged PDF/UA from the page's own template: headings, tables, the charts as figures.
    assert pdf.marked and pdf.pdf_ua == 1 and pdf.language
    assert {"H1", "H2", "Table", "TH", "TD"} <= pdf.roles
    assert "HIT Lindewaard" in pdf.text and "Recidivism" in pdf.text
    for secret in (SECRET_NAME, member.surname, VALID_BSNS[2], member.date_of_birth.isoformat()):
        assert secret not in html
        assert secret not in pdf.text
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("targets:report_pdf", args=[hit_list.pk]) + "?maand=2025-01")
    job = client.get(asked["Location"]).context["job"]
    download = client.get(job.result["link"])
    assert download["Content-Type"] == "application/pdf"
    assert (
        client.get(reverse("targets:report", args=[hit_list.pk]) + "?maand=bogus").status_code
        == 200
    )


def test_program_theory_boxes_show_their_indicators(client_for, hit_coordinator, hit_list, member):
    client = client_for(hit_coordinator)
    url = reverse("targets:evaluation", args=[hit_list.pk])
    client.post(
        url,
        {
            "kind": "outcome",
            "text": "Minder recidive",
            "indicators": ["recidivism_12m", "list_size"],
        },
    )
    box = TheoryBox.objects.get()
    page = client.get(url)
    outcome = next(c for c in page.context["columns"] if c["kind"] == "outcome")
    assert [v.code for v in outcome["boxes"][0].values] == ["recidivism_12m", "list_size"]
    assert box.theory.target_list == hit_list


def test_a_meeting_records_actions_that_the_next_meeting_checks(
    client_for, hit_coordinator, hit_list
):
    client = client_for(hit_coordinator)
    client.post(
        reverse("targets:meeting_new", args=[hit_list.pk]),
        {
            "held_on": days_ago(35),
            "theme": "Dagbesteding",
            "insights": "Wachtlijst te lang",
            "action_1": "Aanbod in kaart brengen",
        },  # fmt: skip
    )
    client.post(
        reverse("targets:meeting_new", args=[hit_list.pk]),
        {"held_on": days_ago(5), "theme": "Huisvesting", "insights": "Pilot met corporatie"},
    )
    first, second = EvaluationMeeting.objects.order_by("held_on")
    action = MeetingAction.objects.get()
    page = client.get(reverse("targets:meeting", args=[second.pk]))
    assert action in page.context["to_check"]
    client.post(
        reverse("targets:check_action", args=[action.pk]),
        {
            f"a{action.pk}-meeting": second.pk,
            f"a{action.pk}-result": "done",
            f"a{action.pk}-note": "Klaar",
        },
    )
    action.refresh_from_db()
    assert (action.check_result, action.checked_in) == ("done", second)
    assert action.meeting == first  # agreed at the first meeting, checked at the next


def test_import_page_for_the_beheerder_reports_lines(upload_registrations, db):
    beheerder = make_user(Role.ADMINISTRATOR, OrganisationKind.MUNICIPALITY, "beheerder")
    bad = csv_text([registration_row(1), registration_row(2, bsn="123456789")])
    page = upload_registrations(beheerder, SimpleUploadedFile("x.csv", bad.encode()))
    job = page.context["job"]
    assert job.status == Job.Status.FAILED
    assert [e["line"] for e in job.errors] == [3]
    assert "<td>3</td><td>The BSN does not pass the 11-test.</td>" in page.content.decode()
    good = csv_text([registration_row(1)])
    page = upload_registrations(beheerder, SimpleUploadedFile("x.csv", good.encode()))
    job = page.context["job"]
    assert job.status == Job.Status.SUCCEEDED and job.result["created"] == 1
    assert 'id="import-created">1<' in page.content.decode()


def test_the_upload_runs_as_a_job_that_counts_the_rows(client, upload_registrations, regisseur):
    client.force_login(regisseur)
    rows = [registration_row(n) for n in range(1, 6)]
    upload = SimpleUploadedFile("om.csv", csv_text(rows).encode())
    response = client.post(reverse("targets:import"), {"source": "OM", "file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:detail", args=[job.pk]
    )
    assert job.kind == "targets.registrations" and job.created_by == regisseur
    assert not JudicialRegistration.objects.exists()  # not imported inside the request
    page = upload_registrations(regisseur, SimpleUploadedFile("om.csv", csv_text(rows).encode()))
    job = page.context["job"]
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total, job.error_count) == (5, 5, 0)
    assert job.result["created"] == 5 and JudicialRegistration.objects.count() == 5


def test_professionals_cannot_import(client_for, politie):
    assert client_for(politie).get(reverse("targets:import")).status_code == 403


def test_decide_page_records_inflow(client_for, hit_coordinator, hit_list, today):
    do_import([registration_row(7, decision_date=days_ago(10), offence_date=days_ago(50))])
    application = services.apply_rule(hit_list, by=hit_coordinator, as_of=today)
    proposal = application.proposals.get()
    client = client_for(hit_coordinator)
    url = reverse("targets:decide", args=[proposal.pk])
    missing = client.post(
        url, {"direction": "in", "effective_on": today.isoformat(), "reason": "x"}
    )
    assert missing.status_code == 400
    client.post(url, {"direction": "in", "effective_on": today.isoformat(), "reason": "HIT",
                      "coordinator": hit_coordinator.pk, "best_cards": hit_coordinator.organisation.pk})  # fmt: skip
    membership = ListMembership.objects.get()
    assert membership.person == proposal.person
    assert membership.coordinator == hit_coordinator
    assert membership.inclusion.proposal == proposal


def test_a_cancelled_registration_import_imports_nothing(
    upload_registrations, regisseur, monkeypatch
):
    from schakel.targets import registrations

    check = registrations._validate

    def user_clicks_stop(raw, categories):  # while the rows are checked
        Job.objects.update(cancel_requested=True)
        return check(raw, categories)

    monkeypatch.setattr(registrations, "_validate", user_clicks_stop)
    rows = csv_text([registration_row(1), registration_row(2)])
    page = upload_registrations(regisseur, SimpleUploadedFile("om.csv", rows.encode()))
    assert page.context["job"].status == Job.Status.CANCELLED
    assert not JudicialRegistration.objects.exists() and not Person.objects.exists()


def test_the_monthly_report_headings_are_unique_in_dutch(client_for, hit_coordinator, hit_list):
    """Issue 12: the report had two columns headed "Afgerond" (done, and the share done)."""
    import re

    client = client_for(hit_coordinator)
    html = client.get(
        reverse("targets:report", args=[hit_list.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    for table in re.findall(r"<thead>(.*?)</thead>", html, flags=re.S):
        headings = re.findall(r"<th[^>]*>(.*?)</th>", table, flags=re.S)
        assert len(headings) == len(set(headings)), headings
