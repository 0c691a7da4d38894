"""An idle timeout beside the absolute one: a session unused for SESSION_IDLE_TIMEOUT ends."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"  # noqa: S105 (set by UserFactory)
HOME = reverse("dashboard:home")


def _log_in(client):
    response = client.post(reverse("login"), {"username": "regisseur", "password": PASSWORD})
    assert response.status_code == 302


def test_an_idle_session_is_logged_out(client, regisseur):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _log_in(client)
        assert client.get(HOME).status_code == 200
        clock.shift(dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 60))
        response = client.get(HOME)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert "_auth_user_id" not in client.session
        page = client.get(response.url).content.decode()
        assert "You were logged out after a period of inactivity." in page


def test_activity_keeps_the_session_alive(client, regisseur):
    step = dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT * 2 // 3)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _log_in(client)
        for _ in range(4):  # twice the idle timeout in all, never idle that long
            clock.shift(step)
            assert client.get(HOME).status_code == 200


def test_the_idle_timeout_is_shorter_than_the_absolute_one():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_IDLE_TIMEOUT < settings.SESSION_COOKIE_AGE
