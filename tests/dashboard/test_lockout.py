"""Password guessing is throttled per account and per client address, on every log-in path."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from schakel.dashboard.lockout import LOCKED_OUT_MESSAGE

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"  # noqa: S105 (set by UserFactory)


def _log_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, regisseur):
    for _ in range(30):
        _log_in(client, "regisseur", "fout")
    response = _log_in(client, "regisseur", PASSWORD)
    assert response.status_code == 200
    assert not _logged_in(client)
    assert str(LOCKED_OUT_MESSAGE) in response.content.decode()


def test_the_account_is_locked_from_every_address(client, regisseur):
    limit = settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT
    for n in range(limit):
        _log_in(client, "regisseur", "fout", address=f"10.0.1.{n}")
    _log_in(client, "regisseur", PASSWORD, address="10.0.2.1")
    assert not _logged_in(client)


def test_below_the_limit_the_right_password_still_works(client, regisseur):
    for _ in range(settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT - 1):
        _log_in(client, "regisseur", "fout")
    assert _log_in(client, "regisseur", PASSWORD).status_code == 302
    assert _logged_in(client)


def test_an_address_guessing_many_accounts_is_locked(client, regisseur):
    for n in range(settings.SCHAKEL_LOGIN_FAILURES_PER_ADDRESS):
        _log_in(client, f"iemand{n}", "fout", address="10.0.3.3")
    _log_in(client, "regisseur", PASSWORD, address="10.0.3.3")
    assert not _logged_in(client)
    # Another address is not affected.
    assert _log_in(client, "regisseur", PASSWORD, address="10.0.3.4").status_code == 302


def test_the_message_does_not_reveal_whether_the_account_exists(client, regisseur):
    for username in ("regisseur", "bestaat-niet"):
        for n in range(settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT):
            _log_in(client, username, "fout", address=f"10.0.4.{n}")
    known = _log_in(client, "regisseur", "fout", address="10.0.5.1").content.decode()
    unknown = _log_in(client, "bestaat-niet", "fout", address="10.0.5.1").content.decode()
    assert str(LOCKED_OUT_MESSAGE) in known
    assert str(LOCKED_OUT_MESSAGE) in unknown


def test_the_message_is_dutch(client, regisseur):
    for _ in range(settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT):
        _log_in(client, "regisseur", "fout")
    response = client.post(
        reverse("login"),
        {"username": "regisseur", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert "Te veel mislukte inlogpogingen" in response.content.decode()


def test_the_lock_ends_after_the_window(client, regisseur):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT):
            _log_in(client, "regisseur", "fout")
        _log_in(client, "regisseur", PASSWORD)
        assert not _logged_in(client)
        clock.shift(dt.timedelta(seconds=settings.SCHAKEL_LOGIN_LOCKOUT_SECONDS + 1))
        assert _log_in(client, "regisseur", PASSWORD).status_code == 302
        assert _logged_in(client)


def test_the_admin_log_in_is_locked_too(client, regisseur):
    regisseur.is_staff = True
    regisseur.is_superuser = True
    regisseur.save()
    for _ in range(settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT):
        client.post(
            reverse("admin:login"),
            {"username": "regisseur", "password": "fout"},
            REMOTE_ADDR="10.0.0.1",
        )
    response = client.post(
        reverse("admin:login"),
        {"username": "regisseur", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert not _logged_in(client)
    assert str(LOCKED_OUT_MESSAGE) in response.content.decode()
