"""Residents and partners in the area approach (issue 13): neighbourhood surveys answered
anonymously and shown under the small-number rule, visible presence on the map and in the plan's
evaluation, partners' sign-offs, residents' meetings and the method and lessons report."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.access.errors import PermissionDenied, ValidationError
from schakel.areas import services
from schakel.areas.models import (
    NeighbourhoodSurvey,
    PlanCommitment,
    Presence,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from schakel.areas.selectors.participation import survey_results
from schakel.audit.models import AuditEntry
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from tests.factories import OrganisationFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(gebiedsregisseur, neighbourhood):
    today = timezone.localdate()
    return services.open_survey(
        neighbourhood,
        by=gebiedsregisseur,
        title="Buurtpeiling Noord",
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=20),
    )


@pytest.fixture
def wijkagent(partners):
    from tests.factories import UserFactory

    user = UserFactory(
        username="wijkagent", organisation=partners["police"], role=Role.PROFESSIONAL
    )
    user.save()
    return user


def _main(response) -> str:
    """The page's main content (not its <title> or header)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _answers_post(survey, value: str) -> dict:
    return {f"q{q.pk}": value for q in survey.questions.all()}


def _answer(client, survey, value="4"):
    return client.post(reverse("public:survey", args=[survey.token]), _answers_post(survey, value))


# --- Neighbourhood survey ------------------------------------------------------------------


def test_a_survey_takes_the_active_statements_of_the_questionnaire(survey):
    assert survey.questions.count() == SurveyQuestion.objects.filter(is_active=True).count() >= 5


def test_a_resident_answers_anonymously_without_logging_in(client, survey):
    response = _answer(client, survey, "5")
    assert response.status_code == 302
    assert response.url == reverse("public:survey_thanks", args=[survey.token])
    stored = SurveyResponse.objects.get(survey=survey)
    assert stored.answered_on == timezone.localdate()
    assert {a.value for a in stored.answers.all()} == {5}
    # Nothing about the sender: a response has only the survey and the day.
    assert {f.name for f in SurveyResponse._meta.concrete_fields} == {"id", "survey", "answered_on"}


def test_dont_know_is_left_out_and_an_all_dont_know_answer_is_refused(client, survey):
    first, *others = survey.questions.all()
    data = {f"q{q.pk}": "" for q in others} | {f"q{first.pk}": "2"}
    assert client.post(reverse("public:survey", args=[survey.token]), data).status_code == 302
    assert SurveyAnswer.objects.count() == 1
    response = _answer(client, survey, "")
    assert response.status_code == 400
    assert SurveyResponse.objects.count() == 1


def test_a_value_off_the_scale_is_refused_and_nothing_is_stored(client, survey):
    response = _answer(client, survey, "9")
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_cannot_be_answered(client, gebiedsregisseur, neighbourhood):
    today = timezone.localdate()
    closed = services.open_survey(
        neighbourhood,
        by=gebiedsregisseur,
        title="Vorig jaar",
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=370),
    )
    page = client.get(reverse("public:survey", args=[closed.token]))
    assert page.status_code == 200 and 'id="survey-closed"' in page.content.decode()
    assert 'id="survey-form"' not in page.content.decode()
    assert _answer(client, closed).status_code == 410
    assert not SurveyResponse.objects.exists()


def test_an_unknown_survey_link_is_not_found(client, survey):
    assert client.get(reverse("public:survey", args=["raden"])).status_code == 404


def test_only_an_area_director_opens_a_survey(neighbourhood, partners, wijkagent):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.open_survey(
            neighbourhood, by=wijkagent, title="X", opens_on=today, closes_on=today
        )


def test_a_survey_that_closes_before_it_opens_is_refused(gebiedsregisseur, neighbourhood):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.open_survey(
            neighbourhood,
            by=gebiedsregisseur,
            title="X",
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )


def test_results_show_no_figures_below_five_answers(client, survey):
    for _ in range(4):
        services.answer_survey(survey, {q.pk: 5 for q in survey.questions.all()})
    results = survey_results(survey)
    assert results.respondents == 4
    assert all(s.suppressed and s.mean is None for s in results.statements)
    services.answer_survey(survey, {q.pk: 1 for q in survey.questions.all()})
    results = survey_results(survey)
    assert not any(s.suppressed for s in results.statements)
    assert results.statements[0].agree_percent == pytest.approx(80.0)
    assert results.statements[0].mean == pytest.approx(4.2)


def test_survey_results_appear_in_the_quick_scan_beside_the_incident_figures(
    client, gebiedsregisseur, survey, neighbourhood
):
    for value in (5, 4, 4, 2, 1, 5):
        services.answer_survey(survey, {q.pk: value for q in survey.questions.all()})
    client.force_login(gebiedsregisseur)
    page = _main(client.get(reverse("areas:detail", args=[neighbourhood.pk])))
    table = page[page.index(f'id="survey-{survey.pk}"') :]
    table = table[: table.index("</table>")]
    # 4 of 6 agree (4 or 5): 67 %, mean 3.5.
    assert "67 %" in table and "3.5" in table


def test_the_public_results_page_never_shows_a_respondent_count_under_five(client, survey, plan):
    for _ in range(3):
        services.answer_survey(survey, {q.pk: 4 for q in survey.questions.all()})
    page = client.get(reverse("public:results", args=[plan.pk])).content.decode()
    assert "Buurtpeiling Noord" in page
    table = page[page.index(f'id="survey-{survey.pk}"') :]
    table = table[: table.index("</table>")]
    assert "fewer than 5" in table
    assert not re.search(r"<td>[1-4]</td>", table)


def test_too_many_answers_from_one_connection_are_refused(client, survey, settings):
    from schakel.areas.public_views import SURVEY_ANSWERS_PER_HOUR

    for _ in range(SURVEY_ANSWERS_PER_HOUR):
        assert _answer(client, survey).status_code == 302
    assert _answer(client, survey).status_code == 429
    assert SurveyResponse.objects.count() == SURVEY_ANSWERS_PER_HOUR


# --- Visible presence ----------------------------------------------------------------------


def _log(client, area, **overrides):
    started = timezone.localtime() - datetime.timedelta(hours=2)
    data = {
        "kind": Presence.Kind.FOOT_PATROL,
        "area": area.pk,
        "place": "Lindeplein",
        "started_at": started.strftime("%Y-%m-%dT%H:%M"),
        "minutes": "60",
        "latitude": "53.2",
        "longitude": "6.56",
    } | overrides
    return client.post(reverse("areas:presence", args=[area.pk]), data)


def test_a_wijkagent_logs_presence_and_it_shows_on_the_area_map(
    client, wijkagent, neighbourhood, gebiedsregisseur
):
    client.force_login(wijkagent)
    assert _log(client, neighbourhood).status_code == 302
    presence = Presence.objects.get()
    assert presence.organisation == wijkagent.organisation and presence.minutes == 60
    assert AuditEntry.objects.filter(object_type="areas.presence").exists()
    client.force_login(gebiedsregisseur)
    points = client.get(reverse("areas:presence_geojson", args=[neighbourhood.pk])).json()
    (feature,) = points["features"]
    assert feature["geometry"]["coordinates"] == [6.56, 53.2]
    assert feature["properties"]["organisation"] == "Test police"
    # Who logged it is not on the map.
    assert "wijkagent" not in str(points)
    page = _main(client.get(reverse("areas:detail", args=[neighbourhood.pk])))
    assert "Foot patrol" in page


def test_presence_cannot_be_logged_ahead_or_for_more_than_a_day(client, wijkagent, neighbourhood):
    client.force_login(wijkagent)
    later = (timezone.localtime() + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    assert _log(client, neighbourhood, started_at=later).status_code == 400
    assert _log(client, neighbourhood, minutes="2000").status_code == 400
    assert _log(client, neighbourhood, latitude="40.0", longitude="6.5").status_code == 400
    assert not Presence.objects.exists()


def test_an_analyst_does_not_log_presence(client, neighbourhood):
    analyst = make_user(Role.ANALYST, K.MUNICIPALITY, "analist-p", "Gemeente analyse")
    client.force_login(analyst)
    assert client.get(reverse("areas:presence", args=[neighbourhood.pk])).status_code == 403
    assert _log(client, neighbourhood).status_code == 403


def test_the_plan_evaluation_counts_presence_inside_its_period(
    client, wijkagent, gebiedsregisseur, plan, neighbourhood
):
    now = timezone.now()
    services.log_presence(
        by=wijkagent, area=neighbourhood, kind="spreekuur", started_at=now, minutes=90
    )
    Presence.objects.create(  # before the plan: not counted
        area=neighbourhood,
        organisation=wijkagent.organisation,
        logged_by=wijkagent,
        kind="spreekuur",
        started_at=now - datetime.timedelta(days=400),
        minutes=600,
    )
    client.force_login(gebiedsregisseur)
    page = _main(client.get(reverse("areas:plan", args=[plan.pk])))
    section = page[page.index('id="presence"') :]
    assert "Surgery hour" in section and "1.5" in section and "10.0" not in section


# --- Sign-off and residents' meetings ------------------------------------------------------


def test_a_partner_signs_the_plan_off_and_a_renewed_mandate_replaces_it(
    client, gebiedsregisseur, plan, partners
):
    client.force_login(gebiedsregisseur)
    url = reverse("areas:plan_add_commitment", args=[plan.pk])
    data = {
        "organisation": partners["police"].pk,
        "signed_by": "teamchef basisteam",
        "signed_on": timezone.localdate().isoformat(),
        "mandate": "Twee wijkagenten, 8 uur per week",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data | {"mandate": "Drie wijkagenten"}).status_code == 302
    commitment = PlanCommitment.objects.get()
    assert commitment.mandate == "Drie wijkagenten"
    assert AuditEntry.objects.filter(object_type="areas.plancommitment").count() == 2
    page = _main(client.get(reverse("areas:plan", args=[plan.pk])))
    assert "teamchef basisteam" in page


def test_an_organisation_outside_the_plan_cannot_sign_it_off(gebiedsregisseur, plan):
    outsider = OrganisationFactory(name="Buitenstaander", kind=K.HOUSING)
    with pytest.raises(ValidationError):
        services.record_commitment(
            plan,
            by=gebiedsregisseur,
            organisation=outsider,
            signed_by="directeur",
            signed_on=timezone.localdate(),
            mandate="alles",
        )


def test_a_residents_meeting_is_recorded_once_held(client, gebiedsregisseur, plan):
    client.force_login(gebiedsregisseur)
    url = reverse("areas:plan_add_meeting", args=[plan.pk])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = {
        "held_on": tomorrow,
        "participants": "14 bewoners, wijkagent",
        "agreements": "Extra verlichting in het steegje",
    }
    assert client.post(url, data).status_code == 400
    data["held_on"] = timezone.localdate().isoformat()
    assert client.post(url, data).status_code == 302
    page = _main(client.get(reverse("areas:plan", args=[plan.pk])))
    assert "Extra verlichting in het steegje" in page


def test_a_partner_professional_cannot_record_sign_offs(client, wijkagent, plan, partners):
    client.force_login(wijkagent)
    url = reverse("areas:plan_add_commitment", args=[plan.pk])
    response = client.post(
        url,
        {
            "organisation": partners["police"].pk,
            "signed_by": "teamchef",
            "signed_on": timezone.localdate().isoformat(),
            "mandate": "alles",
        },
    )
    assert response.status_code == 403
    assert not PlanCommitment.objects.exists()


# --- Method and lessons report -------------------------------------------------------------


@pytest.fixture
def evaluated_plan(plan, gebiedsregisseur, partners, survey):
    from tests.factories import PersonFactory

    PersonFactory(given_names="Jantje", surname="Geheimhouding")
    plan.steering_group = "burgemeester, politiechef, hoofdofficier"
    plan.what_worked = "Samen schouwen op vaste avonden"
    plan.what_did_not_work = "Cameratoezicht kwam te laat"
    plan.save()
    services.record_commitment(
        plan,
        by=gebiedsregisseur,
        organisation=partners["police"],
        signed_by="teamchef",
        signed_on=timezone.localdate(),
        mandate="Twee wijkagenten",
    )
    services.record_residents_meeting(
        plan,
        by=gebiedsregisseur,
        held_on=timezone.localdate(),
        participants="12 bewoners",
        agreements="Buurtpreventie-app",
    )
    for _ in range(2):
        services.answer_survey(survey, {q.pk: 4 for q in survey.questions.all()})
    return plan


def test_the_method_report_tells_the_approach_without_personal_data(
    client, gebiedsregisseur, evaluated_plan
):
    client.force_login(gebiedsregisseur)
    page = _main(client.get(reverse("areas:plan_method", args=[evaluated_plan.pk])))
    for text in (
        "burgemeester, politiechef",
        "Twee wijkagenten",
        "Buurtpreventie-app",
        "Samen schouwen op vaste avonden",
        "Cameratoezicht kwam te laat",
        "Buurtpeiling Noord",
    ):
        assert text in page
    assert "Geheimhouding" not in page
    assert gebiedsregisseur.username not in page


def test_the_method_report_downloads_as_a_tagged_pdf(client, gebiedsregisseur, evaluated_plan):
    client.force_login(gebiedsregisseur)
    response = client.get(reverse("areas:plan_method_pdf", args=[evaluated_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    from tests.web.pdf_structure import structure

    tagged = structure(pdf)
    assert tagged.marked and tagged.language.startswith("en") and tagged.pdf_ua == 1
    assert {"H1", "H2", "Table", "TH", "TD", "P"} <= tagged.roles
    for text in ("Twee wijkagenten", "Buurtpreventie-app", "Cameratoezicht kwam te laat"):
        assert text in tagged.text
    # Two respondents: the survey shows no figures, on paper either.
    assert "fewer than 5" in tagged.text


def test_a_partner_without_the_area_approach_gets_no_method_report(client, evaluated_plan):
    outsider = make_user(Role.AUDITOR, K.MUNICIPALITY, "auditor-m", "Gemeente audit")
    client.force_login(outsider)
    assert client.get(reverse("areas:plan_method", args=[evaluated_plan.pk])).status_code in (
        403,
        404,
    )
    assert client.get(reverse("areas:plan_method_pdf", args=[evaluated_plan.pk])).status_code in (
        403,
        404,
    )


def test_surveys_before_the_plan_are_marked_as_before(gebiedsregisseur, plan, neighbourhood):
    before = NeighbourhoodSurvey.objects.create(
        area=neighbourhood,
        title="Nulmeting",
        opens_on=plan.starts_on - datetime.timedelta(days=60),
        closes_on=plan.starts_on - datetime.timedelta(days=30),
        created_by=gebiedsregisseur,
    )
    from schakel.areas.selectors.participation import plan_survey_results

    (row,) = plan_survey_results(plan)
    assert row["results"].survey == before and row["before"] is True


def test_a_plan_is_made_with_its_steering_group_through_the_form(
    client, gebiedsregisseur, neighbourhood, house
):
    from schakel.areas.models import HotspotPlan

    today = timezone.localdate()
    client.force_login(gebiedsregisseur)
    response = client.post(
        reverse("areas:plan_create", args=[neighbourhood.pk]),
        {
            "title": "Aanpak Noord",
            "host_organisation": house.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=200)).isoformat(),
            "steering_group": "burgemeester, teamchef",
            "what_worked": "",
            "what_did_not_work": "",
        },
    )
    assert response.status_code == 302
    assert HotspotPlan.objects.get(title="Aanpak Noord").steering_group == "burgemeester, teamchef"
