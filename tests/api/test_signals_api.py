"""Signals through the API: reading with the description withheld where the category does not
allow it, and reporting a new signal through the intake service."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry
from schakel.intake.models import Signal, SignalCategory
from tests.api.problems import detail, invalid_names
from tests.factories import CaseFactory, PersonFactory, SignalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return SignalCategory.objects.filter(is_active=True).order_by("pk").first()


def _payload(category, safety_house, **overrides):
    payload = {
        "category": category.pk,
        "description": "Buren melden veel bezoek 's nachts.",
        "urgency": "high",
        "data_category": "general",
        "receiving_organisation": safety_house.pk,
    }
    payload.update(overrides)
    return payload


def test_posting_a_signal_creates_it_through_the_service(api_for, politie, safety_house, category):
    person = PersonFactory()
    CaseFactory(participants=[politie.organisation], persons=[person])

    response = api_for(politie).post(
        reverse("signal-list"), _payload(category, safety_house, persons=[person.pk]), format="json"
    )

    assert response.status_code == 201, response.content
    signal = Signal.objects.get(pk=response.json()["id"])
    assert signal.reference.startswith("S-")
    assert signal.reporting_organisation == politie.organisation
    assert signal.urgency == "high"
    assert list(signal.persons.all()) == [person]
    assert response.json()["persons"] == [person.pk]
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_id=str(signal.pk), person_id_ref=person.pk
    ).exists()


def test_invalid_signal_gives_400_with_field_messages(api_for, politie, safety_house):
    response = api_for(politie).post(
        reverse("signal-list"),
        {"category": 999999, "receiving_organisation": safety_house.pk, "urgency": "whenever"},
        format="json",
    )

    assert response.status_code == 400
    assert invalid_names(response) == {"category", "description", "urgency"}
    assert all(param["reason"] for param in response.json()["invalid-params"])
    assert not Signal.objects.exists()


def test_signal_to_an_organisation_that_is_no_safety_house_is_a_400(
    api_for, politie, category, reclassering
):
    response = api_for(politie).post(
        reverse("signal-list"),
        _payload(category, reclassering.organisation),
        format="json",
    )

    assert response.status_code == 400
    assert detail(response) == "Signals are sent to a Veiligheidshuis."
    assert not Signal.objects.exists()


def test_signal_cannot_name_a_person_the_reporter_may_not_see(
    api_for, politie, reclassering, safety_house, category
):
    hidden = PersonFactory()
    CaseFactory(participants=[reclassering.organisation], persons=[hidden])

    response = api_for(politie).post(
        reverse("signal-list"), _payload(category, safety_house, persons=[hidden.pk]), format="json"
    )

    assert response.status_code == 400
    assert invalid_names(response) == {"persons"}
    assert not Signal.objects.exists()


def test_analist_may_not_report_a_signal(api_for, analist, safety_house, category):
    response = api_for(analist).post(
        reverse("signal-list"), _payload(category, safety_house), format="json"
    )

    assert response.status_code == 403
    assert not Signal.objects.exists()


def test_signal_description_is_null_for_a_receiver_without_the_category(api_for, regisseur):
    # The Veiligheidshuis has no grant for tax data (see organisations migration 0002).
    tax = SignalFactory(
        receiving_organisation=regisseur.organisation,
        data_category="tax",
        description="Fiscale informatie.",
    )
    care = SignalFactory(
        receiving_organisation=regisseur.organisation,
        data_category="care",
        description="Zorgen over gezondheid.",
    )

    client = api_for(regisseur)
    rows = {row["id"]: row for row in client.get(reverse("signal-list")).json()["results"]}
    detail = client.get(reverse("signal-detail", args=[tax.pk])).json()

    assert rows[tax.pk]["description"] is None
    assert rows[care.pk]["description"] == "Zorgen over gezondheid."
    assert detail["description"] is None
    assert detail["reference"] == tax.reference
    assert "Fiscale informatie." not in str(rows) + str(detail)


def test_reporter_always_reads_their_own_signal_text(api_for, corporatie):
    # A housing association may not see care data, but it wrote this text itself.
    signal = SignalFactory(
        reporting_organisation=corporatie.organisation,
        data_category="care",
        description="Zorgen over psychische gezondheid.",
    )

    data = api_for(corporatie).get(reverse("signal-detail", args=[signal.pk])).json()

    assert data["description"] == "Zorgen over psychische gezondheid."


def test_signals_of_other_organisations_are_404(api_for, politie, wijkteam):
    signal = SignalFactory(reporting_organisation=politie.organisation)
    client = api_for(wijkteam)

    assert client.get(reverse("signal-list")).json()["results"] == []
    assert client.get(reverse("signal-detail", args=[signal.pk])).status_code == 404


def test_viewing_a_signal_audits_its_persons(api_for, politie):
    """The persons shown are audited: those the reporter sees through a case it takes part in.
    A person the Veiligheidshuis linked that the reporter may not see is neither shown nor
    logged as seen."""
    person, hidden = PersonFactory(), PersonFactory()
    signal = SignalFactory(reporting_organisation=politie.organisation)
    CaseFactory(
        host_organisation=signal.receiving_organisation,
        participants=[politie.organisation],
        persons=[person],
    )
    signal.persons.add(person, hidden)

    response = api_for(politie).get(reverse("signal-detail", args=[signal.pk]))

    assert response.json()["persons"] == [person.pk]
    assert AuditEntry.objects.filter(
        user_id_ref=politie.pk, action=AuditAction.VIEW, person_id_ref=person.pk
    ).exists()
    assert not AuditEntry.objects.filter(user_id_ref=politie.pk, person_id_ref=hidden.pk).exists()


def test_signal_list_is_audited_with_ids_only(api_for, politie):
    signals = SignalFactory.create_batch(2, reporting_organisation=politie.organisation)

    api_for(politie).get(reverse("signal-list"))

    entries = AuditEntry.objects.filter(user_id_ref=politie.pk, action=AuditAction.LIST)
    assert {entry.object_type for entry in entries} == {"intake.signal"}
    assert {entry.object_id for entry in entries} == {str(s.pk) for s in signals}
    assert {entry.detail for entry in entries} == {""}
