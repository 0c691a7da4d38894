"""Free texts and facts that reveal care or justice involvement follow the data-category rule.

Issue 9: a closing reason "…GGZ-kliniek wegens psychose" was readable by politie (no care grant)
in the case page, its history and the API; triage reasons and purposes were shown to every
participant; the participant list named a care provider to the corporatie.
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from schakel.cases.workflow import CaseStatus
from schakel.organisations.models import OrganisationKind, Role
from schakel.triage.models import EscalationLevel, IntakeCriterion
from tests.case_pages import whole_case_page
from tests.factories import CaseFactory, OrganisationFactory, PersonFactory, make_user

pytestmark = pytest.mark.django_db

CARE_REASON = "Opgenomen in GGZ-kliniek wegens psychose"
JUSTICE_REASON = "Verdachte in lopend strafrechtelijk onderzoek"
CARE_PURPOSE = "Behandelaar van de bewoner"
CARE_PROVIDER = "GGZ Zorgaanbieder Test"
OPEN_PATH = (
    CaseStatus.CONFERENCE,
    CaseStatus.PLAN_ADOPTED,
    CaseStatus.EXECUTION,
    CaseStatus.AFTERCARE,
)


@pytest.fixture
def client_for():
    """A separate browser per user: a flash message for one never shows on another's page."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def case(regisseur, politie, corporatie, wijkteam):
    return CaseFactory(
        host_organisation=regisseur.organisation,
        lead_organisation=regisseur.organisation,
        coordinator=regisseur,
        participants=[politie.organisation, corporatie.organisation, wijkteam.organisation],
        persons=[PersonFactory()],
    )


@pytest.fixture
def care_provider(db):
    return OrganisationFactory(name=CARE_PROVIDER, kind=OrganisationKind.CARE)


def _api(user):
    api = APIClient()
    api.force_login(user)
    return api


def _close_with_care_reason(client_for, regisseur, case):
    client = client_for(regisseur)
    for status in OPEN_PATH:
        response = client.post(reverse("cases:status", args=[case.pk]), {"to_status": status})
        assert response.status_code == 302
    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to_status": CaseStatus.CLOSED, "reason": CARE_REASON, "reason_category": "care"},
    )
    assert response.status_code == 302


def test_police_does_not_read_a_care_closing_reason_on_page_history_or_api(
    client_for, regisseur, politie, wijkteam, case
):
    _close_with_care_reason(client_for, regisseur, case)
    page = whole_case_page(client_for(politie), case.pk).content.decode()
    assert "Gesloten" in page or "Closed" in page  # the status itself is general
    assert "GGZ-kliniek" not in page
    printed = client_for(politie).get(reverse("cases:print", args=[case.pk])).content.decode()
    assert "GGZ-kliniek" not in printed
    api = _api(politie).get(f"/api/v1/cases/{case.pk}").content.decode()
    assert "GGZ-kliniek" not in api
    # the wijkteam (care grant) and the Veiligheidshuis read it
    assert "GGZ-kliniek" in whole_case_page(client_for(wijkteam), case.pk).content.decode()
    data = _api(regisseur).get(f"/api/v1/cases/{case.pk}").json()
    assert data["closing_reason"] == CARE_REASON
    assert any("GGZ-kliniek" in e["description"] for e in data["events"])


def test_the_closing_reason_needs_a_category(client_for, regisseur, case):
    client = client_for(regisseur)
    for status in OPEN_PATH:
        client.post(reverse("cases:status", args=[case.pk]), {"to_status": status})
    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to_status": CaseStatus.CLOSED, "reason": CARE_REASON},
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.AFTERCARE


def test_police_cannot_file_a_text_in_the_care_category(client_for, regisseur, politie):
    coordinated = CaseFactory(
        host_organisation=regisseur.organisation,
        lead_organisation=regisseur.organisation,
        coordinator=politie,
    )
    response = client_for(politie).post(
        reverse("cases:status", args=[coordinated.pk]),
        {"to_status": CaseStatus.CONFERENCE, "reason": "x", "reason_category": "care"},
    )
    assert response.status_code == 400


def test_justice_triage_reason_is_hidden_from_the_corporatie(
    client_for, regisseur, politie, corporatie, case
):
    response = client_for(regisseur).post(
        reverse("cases:rescale", args=[case.pk]),
        {
            "level": EscalationLevel.objects.get(number=2).pk,
            "lead_organisation": regisseur.organisation.pk,
            "reason": JUSTICE_REASON,
            "reason_category": "justice",
        },
    )
    assert response.status_code == 302
    for channel in (
        whole_case_page(client_for(corporatie), case.pk),
        _api(corporatie).get(f"/api/v1/cases/{case.pk}"),
    ):
        assert "strafrechtelijk" not in channel.content.decode()
    assert "strafrechtelijk" in whole_case_page(client_for(politie), case.pk).content.decode()


def test_triage_reason_on_the_signal_page_follows_its_category(client_for, corporatie, regisseur):
    from schakel.intake.models import Signal
    from schakel.intake.services import triage_signal
    from tests.factories import SignalFactory

    signal = SignalFactory(
        reporting_organisation=corporatie.organisation,
        receiving_organisation=regisseur.organisation,
    )
    triage_signal(
        signal,
        by=regisseur,
        level=EscalationLevel.objects.get(number=3),
        lead_organisation=regisseur.organisation,
        reason=CARE_REASON,
        reason_category="care",
        answers=dict.fromkeys(IntakeCriterion.objects.all(), True),
    )
    assert Signal.objects.get(pk=signal.pk).status == Signal.Status.TRIAGED
    page = client_for(corporatie).get(reverse("intake:detail", args=[signal.pk]))
    assert page.status_code == 200
    assert "GGZ-kliniek" not in page.content.decode()
    assert (
        "GGZ-kliniek"
        in client_for(regisseur).get(reverse("intake:detail", args=[signal.pk])).content.decode()
    )


def test_care_purpose_of_participation_is_hidden_from_the_police(
    client_for, regisseur, politie, wijkteam, case, care_provider
):
    response = client_for(regisseur).post(
        reverse("cases:invite", args=[case.pk]),
        {
            "organisation": care_provider.pk,
            "purpose": CARE_PURPOSE,
            "purpose_category": "care",
        },
    )
    assert response.status_code == 302
    for channel in (
        whole_case_page(client_for(politie), case.pk),
        _api(politie).get(f"/api/v1/cases/{case.pk}"),
    ):
        assert CARE_PURPOSE not in channel.content.decode()
    assert CARE_PURPOSE in whole_case_page(client_for(wijkteam), case.pk).content.decode()


def test_general_purpose_of_a_general_partner_is_shown_to_every_participant(
    client_for, regisseur, politie, case
):
    gemeente = OrganisationFactory(name="Gemeente Test", kind=OrganisationKind.MUNICIPALITY)
    client_for(regisseur).post(
        reverse("cases:invite", args=[case.pk]),
        {"organisation": gemeente.pk, "purpose": "Handhaving APV", "purpose_category": "general"},
    )
    page = whole_case_page(client_for(politie), case.pk).content.decode()
    assert "Gemeente Test" in page and "Handhaving APV" in page


def test_corporatie_does_not_learn_that_a_care_provider_takes_part(
    client_for, regisseur, corporatie, wijkteam, case, care_provider
):
    client_for(regisseur).post(
        reverse("cases:invite", args=[case.pk]),
        {"organisation": care_provider.pk, "purpose": "", "purpose_category": ""},
    )
    page = whole_case_page(client_for(corporatie), case.pk).content.decode()
    assert CARE_PROVIDER not in page
    assert "een partner" in page or "a partner" in page
    data = _api(corporatie).get(f"/api/v1/cases/{case.pk}").json()
    assert CARE_PROVIDER not in str(data)
    hidden = [p for p in data["participations"] if p["organisation"] is None]
    assert len(hidden) == 2  # the care provider and the wijkteam, both "a partner"
    assert {p["purpose"] for p in hidden} == {""}
    # whoever may see care reads the name, in the list and in the history
    assert CARE_PROVIDER in whole_case_page(client_for(wijkteam), case.pk).content.decode()


def test_a_care_provider_as_lead_is_not_named_to_the_corporatie(
    client_for, regisseur, corporatie, case, care_provider
):
    client_for(regisseur).post(
        reverse("cases:invite", args=[case.pk]),
        {"organisation": care_provider.pk, "purpose": ""},
    )
    response = client_for(regisseur).post(
        reverse("cases:rescale", args=[case.pk]),
        {
            "level": EscalationLevel.objects.get(number=3).pk,
            "lead_organisation": care_provider.pk,
            "reason": "Zorg voorop",
            "reason_category": "general",
        },
    )
    assert response.status_code == 302
    assert CARE_PROVIDER not in whole_case_page(client_for(corporatie), case.pk).content.decode()
    assert CARE_PROVIDER not in client_for(corporatie).get(reverse("cases:list")).content.decode()
    api = _api(corporatie)
    assert CARE_PROVIDER not in api.get(f"/api/v1/cases/{case.pk}").content.decode()
    listed = {row["id"]: row for row in api.get("/api/v1/cases").json()["results"]}
    assert listed[case.pk]["lead_organisation"] is None


def test_the_care_provider_sees_itself(client_for, regisseur, case, care_provider):
    client_for(regisseur).post(
        reverse("cases:invite", args=[case.pk]),
        {"organisation": care_provider.pk, "purpose": CARE_PURPOSE, "purpose_category": "care"},
    )
    nurse = make_user(Role.PROFESSIONAL, OrganisationKind.CARE, "zorg", CARE_PROVIDER)
    page = whole_case_page(client_for(nurse), case.pk).content.decode()
    assert CARE_PROVIDER in page and CARE_PURPOSE in page


def test_a_care_question_for_the_conference_is_hidden_from_the_police(
    client_for, regisseur, politie, wijkteam, case
):
    from schakel.conferences import services as conference_services
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(host_organisation=regisseur.organisation, chair=regisseur)
    response = client_for(regisseur).post(
        reverse("conferences:add_agenda_item", args=[conference.pk]),
        {
            "case": case.pk,
            "question": "Is de GGZ-behandeling voldoende?",
            "question_category": "care",
        },
    )
    assert response.status_code == 302
    for user in (politie, wijkteam):
        conference_services.invite_attendee(conference, user, by=regisseur)
    for channel in (
        whole_case_page(client_for(politie), case.pk),
        client_for(politie).get(reverse("conferences:detail", args=[conference.pk])),
        _api(politie).get(f"/api/v1/conferences/{conference.pk}"),
    ):
        assert channel.status_code == 200
        assert "GGZ-behandeling" not in channel.content.decode()
    assert (
        "GGZ-behandeling"
        in client_for(wijkteam)
        .get(reverse("conferences:detail", args=[conference.pk]))
        .content.decode()
    )


def test_a_question_without_category_is_refused(client_for, regisseur, case):
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(host_organisation=regisseur.organisation, chair=regisseur)
    response = client_for(regisseur).post(
        reverse("conferences:add_agenda_item", args=[conference.pk]),
        {"case": case.pk, "question": "Is de GGZ-behandeling voldoende?"},
    )
    assert response.status_code != 302  # the form again, with its error
    assert "Choose who may read this text." in response.content.decode()
    assert not conference.agenda.exists()


def test_a_general_note_does_not_name_a_hidden_partner_or_its_author(
    client_for, regisseur, corporatie, politie, case, care_provider
):
    """Review finding: the participants said "een partner", the notes named the care provider
    and its employee."""
    client_for(regisseur).post(
        reverse("cases:invite", args=[case.pk]),
        {"organisation": care_provider.pk, "purpose": "", "purpose_category": ""},
    )
    nurse = make_user(Role.PROFESSIONAL, OrganisationKind.CARE, "zorg", CARE_PROVIDER)
    nurse.first_name, nurse.last_name = "Jesse", "Wilmont"
    nurse.save()
    response = client_for(nurse).post(
        reverse("cases:notes", args=[case.pk]),
        {"category": "general", "text": "Afspraak met bewoner gemaakt."},
    )
    assert response.status_code == 302
    for reader in (corporatie, politie):
        for page in (
            whole_case_page(client_for(reader), case.pk).content.decode(),
            client_for(reader).get(reverse("cases:print", args=[case.pk])).content.decode(),
        ):
            assert "Afspraak met bewoner gemaakt." in page
            assert CARE_PROVIDER not in page and "Wilmont" not in page
        [note] = _api(reader).get(f"/api/v1/cases/{case.pk}").json()["notes"]
        assert note["text"] == "Afspraak met bewoner gemaakt."
        assert (note["organisation"], note["author"]) == (None, None)
        assert CARE_PROVIDER not in str(note) and note["organisation_name"] in (
            "een partner",
            "a partner",
        )
    # the Veiligheidshuis and the care provider itself see who wrote it
    page = whole_case_page(client_for(regisseur), case.pk).content.decode()
    assert CARE_PROVIDER in page and "Jesse Wilmont" in page
