"""From a signal by the police to an open case, through the web forms."""

import pytest
from django.urls import reverse

from schakel.audit.models import AuditEntry
from schakel.cases.models import Case
from schakel.cases.workflow import CaseStatus
from schakel.intake.models import Signal, SignalCategory
from schakel.registry.models import Person
from schakel.triage.models import EscalationLevel, IntakeCriterion
from tests.factories import VALID_BSNS

pytestmark = pytest.mark.django_db


def _signal_post(regisseur, **overrides):
    data = {
        "category": SignalCategory.objects.first().pk,
        "urgency": "high",
        "description": "Bewoner bedreigt buren; vermoedelijk drugshandel.",
        "data_category": "general",
        "receiving_organisation": regisseur.organisation.pk,
        "person-bsn": VALID_BSNS[0],
        "person-given_names": "Piet",
        "person-surname": "Verzonnen",
        "person-date_of_birth": "1988-04-12",
        "address-postcode": "9991 ab",
        "address-house_number": "12",
        "address-street": "Lindelaan",
        "address-city": "Lindewaard",
    }
    data.update(overrides)
    return data


def test_police_registers_signal_with_person_and_address(client_for, politie, regisseur):
    client = client_for(politie)
    response = client.post(reverse("intake:create"), _signal_post(regisseur))
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.reporting_organisation == politie.organisation
    statement = signal.reported_subjects.get()
    assert (statement.bsn, statement.surname) == (VALID_BSNS[0], "Verzonnen")
    assert statement.reported_by == politie and statement.organisation == politie.organisation
    assert statement.is_pending and not signal.persons.exists()  # the Veiligheidshuis decides
    assert signal.addresses.get().postcode == "9991AB" == statement.postcode
    assert signal.reference.startswith("S-")
    assert AuditEntry.objects.filter(action="create", object_type="intake.signal")


def test_invalid_bsn_is_refused_with_a_message_and_nothing_saved(client_for, politie, regisseur):
    client = client_for(politie)
    response = client.post(
        reverse("intake:create"), _signal_post(regisseur, **{"person-bsn": "123456789"})
    )
    assert response.status_code == 200
    assert "11" in response.content.decode()
    assert not Signal.objects.exists()
    assert not Person.objects.exists()


def test_garbage_input_gives_form_errors_not_500(client_for, politie, regisseur):
    client = client_for(politie)
    response = client.post(
        reverse("intake:create"),
        {
            "category": "abc",
            "urgency": "x",
            "address-house_number": "twaalf",
            "person-date_of_birth": "31-31-2020",
            "receiving_organisation": "999999",
        },
    )
    assert response.status_code == 200
    assert not Signal.objects.exists()


def _triage_post(regisseur, level=3):
    data = {
        "level": EscalationLevel.objects.get(number=level).pk,
        "lead_organisation": regisseur.organisation.pk,
        "reason": "Meerdere leefgebieden, straf en zorg nodig.",
        "reason_category": "general",
    }
    for criterion in IntakeCriterion.objects.all():
        data[f"criterion_{criterion.pk}"] = "yes"
    return data


def test_regisseur_triages_and_opens_a_case(client_for, politie, regisseur):
    client_for(politie).post(reverse("intake:create"), _signal_post(regisseur))
    signal = Signal.objects.get()
    client = client_for(regisseur)
    assert client.get(reverse("intake:detail", args=[signal.pk])).status_code == 200

    response = client.post(reverse("intake:triage", args=[signal.pk]), _triage_post(regisseur))
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Signal.Status.TRIAGED
    decision = signal.triage_decisions.get()
    assert decision.criteria_met and decision.level.number == 3

    response = client.post(
        reverse("intake:open_case", args=[signal.pk]),
        {"title": "Overlast Lindelaan", "coordinator": regisseur.pk},
    )
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.pk])
    assert case.status == CaseStatus.TRIAGE and case.level.number == 3
    assert set(case.persons.all()) == set(signal.persons.all())
    assert case.participations.filter(organisation=politie.organisation).exists()
    assert [e.to_status for e in case.events.all()] == [CaseStatus.REGISTERED, CaseStatus.TRIAGE]


def test_triage_requires_every_criterion_answered(client_for, politie, regisseur):
    client_for(politie).post(reverse("intake:create"), _signal_post(regisseur))
    signal = Signal.objects.get()
    data = _triage_post(regisseur)
    data.pop(next(k for k in data if k.startswith("criterion_")))
    response = client_for(regisseur).post(reverse("intake:triage", args=[signal.pk]), data)
    assert response.status_code == 400
    signal.refresh_from_db()
    assert signal.status == Signal.Status.RECEIVED


def test_police_cannot_triage_its_own_signal(client_for, politie, regisseur):
    client = client_for(politie)
    client.post(reverse("intake:create"), _signal_post(regisseur))
    signal = Signal.objects.get()
    response = client.post(reverse("intake:triage", args=[signal.pk]), _triage_post(regisseur))
    assert response.status_code == 400
    signal.refresh_from_db()
    assert signal.status == Signal.Status.RECEIVED


def test_duplicate_hint_for_the_same_person(client_for, politie, regisseur):
    client = client_for(politie)
    client.post(reverse("intake:create"), _signal_post(regisseur))
    client.post(reverse("intake:create"), _signal_post(regisseur))
    first, second = Signal.objects.order_by("pk")
    response = client_for(regisseur).get(reverse("intake:detail", args=[second.pk]))
    assert first.reference in response.content.decode()


def test_wijkteam_cannot_open_police_signal(client_for, politie, wijkteam, regisseur):
    client_for(politie).post(reverse("intake:create"), _signal_post(regisseur))
    signal = Signal.objects.get()
    assert client_for(wijkteam).get(reverse("intake:detail", args=[signal.pk])).status_code == 404
