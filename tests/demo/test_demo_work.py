"""The demo's work between partners (issue 11): each partner log-in's "Mijn werk" shows real,
open and overdue work, and "doorverwezen" is only ever the mark of a hand-over."""

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.advice.models import AdviceQuestion
from schakel.intake.models import Handover, Signal
from schakel.intake.workflow import HandoverState, SignalStatus
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.models import Notification
from schakel.organisations.models import User
from schakel.work.selectors import my_items

pytestmark = pytest.mark.slow

PARTNERS = ("regisseur", "coordinator", "politie", "reclassering", "wijkteam", "corporatie")
# What each partner log-in must find among its work, besides something overdue.
MUST_FIND = {
    "regisseur": {"advice"},
    "politie": {"handover"},
    "reclassering": {"handover"},
    "wijkteam": {"handover"},
    "corporatie": {"handover", "bottleneck"},
    "coordinator": {"case_review"},
}


@pytest.mark.parametrize("username", PARTNERS)
def test_every_partner_log_in_has_open_and_overdue_work(demo, username, client):
    user = User.objects.get(username=username)
    items = my_items(user)
    today = timezone.localdate()
    assert MUST_FIND[username] <= {item.kind for item in items}
    assert any(item.due and item.due < today for item in items), username
    assert any(item.due is None or item.due >= today for item in items), username
    client.force_login(user)
    page = client.get(reverse("work:mine"))
    assert page.status_code == 200
    for item in items[:5]:
        assert item.url in page.content.decode()


def test_referred_signals_are_referred_by_a_hand_over(demo):
    referred = Signal.objects.filter(status=SignalStatus.REFERRED)
    assert referred.count() >= 8
    assert not referred.filter(handovers__isnull=True).exists()
    assert not referred.exclude(
        handovers__state__in=[HandoverState.OFFERED, HandoverState.ACCEPTED, HandoverState.DONE]
    ).exists()


def test_the_safety_house_hears_how_hand_overs_ended(demo):
    states = set(Handover.objects.values_list("state", flat=True))
    assert states == set(HandoverState.values)
    for handover in Handover.objects.filter(
        state__in=[HandoverState.DECLINED, HandoverState.RETURNED]
    ):
        assert handover.signal.status == SignalStatus.TRIAGED
    regisseur = User.objects.get(username="regisseur")
    kinds = set(Notification.objects.filter(recipient=regisseur).values_list("kind", flat=True))
    assert {
        NotificationKind.HANDOVER_DECLINED,
        NotificationKind.HANDOVER_DONE,
        NotificationKind.HANDOVER_OVERDUE,
        NotificationKind.ADVICE_ASKED,
    } <= kinds


def test_advice_questions_open_overdue_and_answered(demo):
    today = timezone.localdate()
    questions = AdviceQuestion.objects.all()
    assert questions.filter(answered_at__isnull=True, due__lt=today).exists()
    assert questions.filter(answered_at__isnull=True, due__gte=today).exists()
    assert questions.filter(answered_at__isnull=False).exclude(answer="").exists()
    assert questions.filter(reported_subjects__isnull=False).exists()


def test_demo_sends_no_mail(demo):
    assert not Notification.objects.filter(mail__isnull=False).exists()
