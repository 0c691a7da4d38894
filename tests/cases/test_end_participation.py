"""Issue 11: ending a partner's participation asks for a reason and a confirmation, records both
in the history (the reason in its own category), and tells whoever listens (notifications hook
the partner's case workers are notified)."""

import pytest
from django.urls import reverse

from schakel.access.errors import PermissionDenied, ValidationError
from schakel.cases import services
from schakel.cases.models import CaseEvent
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(regisseur, politie):
    return CaseFactory(
        host_organisation=regisseur.organisation,
        coordinator=regisseur,
        participants=[politie.organisation],
    )


def test_ending_a_participation_needs_a_reason(regisseur, politie, case):
    participation = case.participations.get(organisation=politie.organisation)
    with pytest.raises(ValidationError):
        services.end_participation(participation, by=regisseur, reason=" ")
    with pytest.raises(PermissionDenied):
        services.end_participation(participation, by=politie, reason="Klaar")
    participation.refresh_from_db()
    assert participation.ended_at is None


def test_the_reason_is_recorded_in_its_category(regisseur, politie, case):
    participation = case.participations.get(organisation=politie.organisation)
    ended = services.end_participation(
        participation, by=regisseur, reason="Strafzaak afgerond", reason_category="justice"
    )
    assert ended.ended_at is not None and ended.ended_by == regisseur
    assert ended.end_reason == "Strafzaak afgerond" and ended.end_reason_category == "justice"
    lines = case.events.filter(kind=CaseEvent.Kind.PARTICIPATION)
    assert lines.filter(description__contains="no longer takes part").exists()
    reason = lines.get(description__contains="Strafzaak afgerond")
    assert reason.category == "justice"


def test_the_page_asks_for_reason_and_confirmation(client_for, regisseur, politie, case):
    participation = case.participations.get(organisation=politie.organisation)
    url = reverse("cases:end_participation", args=[case.pk, participation.pk])
    client = client_for(regisseur)
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert url in detail

    page = client.get(url)
    assert page.status_code == 200
    assert "confirm" in page.content.decode()

    response = client.post(url, {"reason": "Niet meer nodig", "reason_category": "general"})
    assert response.status_code == 400  # not confirmed
    participation.refresh_from_db()
    assert participation.ended_at is None

    response = client.post(
        url, {"reason": "Niet meer nodig", "reason_category": "general", "confirm": "on"}
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.ended_at is not None
    assert client_for(politie).get(reverse("cases:detail", args=[case.pk])).status_code == 404

    # A second submit (double click, an old tab) says it has already ended: no "not found".
    again = client_for(regisseur).post(
        url, {"reason": "Niet meer nodig", "reason_category": "general", "confirm": "on"},
        follow=True,
    )  # fmt: skip
    assert again.status_code == 200
    assert "already ended" in again.content.decode()


def test_a_partner_cannot_reach_the_confirmation(client_for, politie, case):
    participation = case.participations.get(organisation=politie.organisation)
    url = reverse("cases:end_participation", args=[case.pk, participation.pk])
    assert client_for(politie).get(url).status_code == 403
    assert client_for(politie).post(url, {"reason": "x", "confirm": "on"}).status_code == 403


def test_the_partners_users_get_a_notification_that_names_nobody(regisseur, politie, case):
    from schakel.notifications.kinds import NotificationKind
    from schakel.notifications.models import Notification

    colleague = type(politie).objects.create(
        username="collega-politie", organisation=politie.organisation, role=politie.role
    )
    participation = case.participations.get(organisation=politie.organisation)
    services.end_participation(participation, by=regisseur, reason="Strafzaak afgerond")
    told = Notification.objects.filter(kind=NotificationKind.PARTICIPATION_ENDED)
    assert set(told.values_list("recipient", flat=True)) == {politie.pk, colleague.pk}
    for notification in told:
        assert case.title not in notification.text
        assert "Strafzaak" not in notification.text
    assert not Notification.objects.filter(recipient=regisseur).exists()
