"""Hand-over at levels 1 and 2 (issue 11): a triage naming a lead partner hands the signal to it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.intake.models import Handover, Signal
from schakel.notifications.models import Notification
from schakel.triage.models import EscalationLevel, IntakeCriterion
from tests.factories import SignalFactory

pytestmark = pytest.mark.django_db


def _triage(client, signal, lead, level=2, review_date=""):
    data = {
        "level": EscalationLevel.objects.get(number=level).pk,
        "lead_organisation": lead.pk,
        "reason": "Eén gezin, één plan onder regie van het wijkteam.",
        "reason_category": "general",
        "review_date": review_date,
    }
    for criterion in IntakeCriterion.objects.all():
        data[f"criterion_{criterion.pk}"] = "no"
    return client.post(reverse("intake:triage", args=[signal.pk]), data)


@pytest.fixture
def signal(politie, regisseur):
    return SignalFactory(
        reporting_organisation=politie.organisation,
        receiving_organisation=regisseur.organisation,
        reported_by=politie,
        description="Zorgen om gezin aan de Lindelaan.",
    )


def test_level_2_with_the_wijkteam_leading_reaches_the_wijkteam(
    client_for, signal, regisseur, wijkteam, reclassering
):
    assert _triage(client_for(regisseur), signal, wijkteam.organisation).status_code == 302
    signal.refresh_from_db()
    assert signal.status == Signal.Status.REFERRED
    handover = Handover.objects.get(signal=signal)
    assert handover.organisation == wijkteam.organisation
    assert handover.state == Handover.State.OFFERED
    assert Notification.objects.filter(recipient=wijkteam, kind="handover_offered").exists()

    client = client_for(wijkteam)
    assert client.get(reverse("intake:detail", args=[signal.pk])).status_code == 200
    assert signal.reference in client.get(reverse("intake:list")).content.decode()
    # another partner still sees nothing
    other = client_for(reclassering)
    assert other.get(reverse("intake:detail", args=[signal.pk])).status_code == 404


def test_the_lead_accepts_and_reports_done_and_the_house_sees_the_result(
    client_for, signal, regisseur, wijkteam
):
    _triage(client_for(regisseur), signal, wijkteam.organisation)
    handover = Handover.objects.get(signal=signal)
    client = client_for(wijkteam)
    response = client.post(reverse("intake:handover_accept", args=[signal.pk, handover.pk]))
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.state == Handover.State.ACCEPTED and handover.accepted_by == wijkteam
    response = client.post(
        reverse("intake:handover_done", args=[signal.pk, handover.pk]),
        {"result": "Gezin in begeleiding genomen."},
    )
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.state == Handover.State.DONE and handover.done_by == wijkteam
    assert Notification.objects.filter(recipient=regisseur, kind="handover_done").exists()
    page = client_for(regisseur).get(reverse("intake:detail", args=[signal.pk]))
    assert "Gezin in begeleiding genomen." in page.content.decode()


def test_decline_needs_a_reason_and_returns_the_signal(client_for, signal, regisseur, wijkteam):
    _triage(client_for(regisseur), signal, wijkteam.organisation)
    handover = Handover.objects.get(signal=signal)
    client = client_for(wijkteam)
    url = reverse("intake:handover_decline", args=[signal.pk, handover.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Geen capaciteit."}).status_code == 302
    handover.refresh_from_db()
    signal.refresh_from_db()
    assert handover.state == Handover.State.DECLINED and handover.decline_reason
    assert signal.status == Signal.Status.TRIAGED  # back with the Veiligheidshuis
    assert Notification.objects.filter(recipient=regisseur, kind="handover_declined").exists()
    assert client.get(reverse("intake:detail", args=[signal.pk])).status_code == 404


def test_others_cannot_answer_a_handover(client_for, signal, regisseur, wijkteam, politie):
    _triage(client_for(regisseur), signal, wijkteam.organisation)
    handover = Handover.objects.get(signal=signal)
    # the reporter sees its signal, but may not accept what was given to the wijkteam
    response = client_for(politie).post(
        reverse("intake:handover_accept", args=[signal.pk, handover.pk])
    )
    assert response.status_code == 404
    handover.refresh_from_db()
    assert handover.state == Handover.State.OFFERED


def test_a_lead_of_its_own_house_is_no_handover(client_for, signal, regisseur):
    _triage(client_for(regisseur), signal, regisseur.organisation)
    signal.refresh_from_db()
    assert signal.status == Signal.Status.TRIAGED
    assert not Handover.objects.exists()


def test_level_3_with_a_partner_lead_is_no_handover(client_for, signal, regisseur, wijkteam):
    _triage(client_for(regisseur), signal, wijkteam.organisation, level=3)
    assert not Handover.objects.exists()


def test_not_accepted_within_its_term_falls_back(client_for, signal, regisseur, wijkteam):
    from schakel.intake.handovers import return_overdue_handovers

    _triage(client_for(regisseur), signal, wijkteam.organisation)
    handover = Handover.objects.get(signal=signal)
    today = timezone.localdate()
    assert return_overdue_handovers(today) == 0
    assert return_overdue_handovers(handover.due + datetime.timedelta(days=1)) == 1
    assert return_overdue_handovers(handover.due + datetime.timedelta(days=2)) == 0
    handover.refresh_from_db()
    signal.refresh_from_db()
    assert handover.state == Handover.State.RETURNED and handover.returned_at
    assert signal.status == Signal.Status.TRIAGED
    assert Notification.objects.filter(recipient=regisseur, kind="handover_overdue").count() == 1


def test_the_work_source_lists_open_handovers_of_the_lead(client_for, signal, regisseur, wijkteam):
    from schakel.work.registry import SOURCES

    source = SOURCES["handover"]
    assert list(source.mine(wijkteam)) == []
    _triage(client_for(regisseur), signal, wijkteam.organisation)
    handover = Handover.objects.get(signal=signal)
    [item] = source.mine(wijkteam)
    assert (item.kind, item.object_type, item.object_id) == ("handover", "signal", signal.pk)
    assert item.due == handover.due and item.organisation_id == wijkteam.organisation_id
    assert item.url == reverse("intake:detail", args=[signal.pk])
    assert signal.reference in item.origin
    assert list(source.mine(regisseur)) == []  # the house gave it; it is not the house's work
    assert len(list(source.organisation(wijkteam))) == 1
    from schakel.intake.handovers import accept_handover, complete_handover

    accept_handover(handover, by=wijkteam)
    [item] = source.mine(wijkteam)
    assert "result" in item.title
    complete_handover(handover, by=wijkteam, result="Klaar.")
    assert list(source.mine(wijkteam)) == []
