"""The header's notifications counter updates itself (htmx polls it) without keeping a session
alive: a poll is not the user's activity, and after the idle timeout it swaps nothing."""

import time

import pytest
from django.urls import reverse

from schakel.notifications.models import Notification
from schakel.web.middleware import LAST_ACTIVITY_KEY

pytestmark = pytest.mark.django_db

POLL = {"HTTP_X_SCHAKEL_BACKGROUND": "1", "HTTP_HX_REQUEST": "true"}


def _notify(user):
    Notification.objects.create(
        recipient=user, kind="intervention_assigned", text="x", link="/", delivery="immediately"
    )


def test_the_poll_answers_the_link_with_the_current_count(client_for, wijkteam):
    client = client_for(wijkteam)
    page = client.get("/").content.decode()
    assert 'id="header-notifications"' in page and 'hx-trigger="every 60s"' in page
    _notify(wijkteam)
    _notify(wijkteam)
    fragment = client.get(reverse("notifications:header_link"), **POLL)
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert html.strip().startswith('<a href="/notificaties/" id="header-notifications"')
    assert ">2</span>" in html


def test_a_poll_does_not_keep_the_session_alive(client_for, wijkteam, settings):
    client = client_for(wijkteam)
    client.get("/")
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 20 * 60
    session.save()
    client.get(reverse("notifications:header_link"), **POLL)
    assert client.session[LAST_ACTIVITY_KEY] < int(time.time()) - 19 * 60  # not refreshed


def test_after_the_idle_timeout_a_poll_logs_out_and_swaps_nothing(client_for, wijkteam):
    client = client_for(wijkteam)
    client.get("/")
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("notifications:header_link"), **POLL)
    assert response.status_code == 204 and response.content == b""
    assert client.get("/").status_code == 302  # logged out: the next click finds the log-in


def test_an_anonymous_poll_gets_nothing(client):
    assert client.get(reverse("notifications:header_link"), **POLL).status_code == 204
