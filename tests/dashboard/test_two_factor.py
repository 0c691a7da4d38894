"""Two-factor log-in (TOTP): with SCHAKEL_REQUIRE_2FA (always on in production, see
tests/config/test_settings.py) a password alone opens no page and no API call; codes are computed
here with django-otp's TOTP from the device's key, the real algorithm."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.dashboard.twofactor import OPEN_VIEWS
from schakel.organisations.models import OrganisationKind, Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"  # noqa: S105 (set by UserFactory)
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class ExternalIdentityBackend(ModelBackend):
    """Stands in for a non-password backend (OpenID Connect's also derives from ModelBackend)."""


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.SCHAKEL_REQUIRE_2FA = True


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _wrong(device: TOTPDevice) -> str:
    return f"{(int(_code(device)) + 1) % 10**device.digits:0{device.digits}d}"


def _log_in(client, username="regisseur", address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=address
    )


def _enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Schakel", confirmed=True)


def _every_page() -> list[tuple[str, str]]:
    """(view name, path) of every named URL in the URLconf, with 1 / "x" for its arguments."""
    pages = []

    def walk(patterns, namespace, prefix_converters):
        for pattern in patterns:
            converters = {**prefix_converters, **getattr(pattern.pattern, "converters", {})}
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace, converters)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}{pattern.name}"
                kwargs = {
                    key: 1 if type(conv).__name__ == "IntConverter" else "x"
                    for key, conv in converters.items()
                }
                try:
                    pages.append((name, reverse(name, kwargs=kwargs or None)))
                except Exception:  # noqa: BLE001, S112 (a pattern with regex groups)
                    continue

    walk(get_resolver().url_patterns, "", {})
    return pages


def test_every_page_and_api_call_waits_for_enrolment_after_a_password(client, regisseur):
    _log_in(client)
    assert "_auth_user_id" in client.session
    pages = _every_page()
    assert len(pages) > 100
    for name, path in pages:
        if name in OPEN_VIEWS:
            continue
        response = client.get(path)
        if path.startswith("/api/"):
            assert response.status_code == 403, path
        else:
            assert response.status_code == 302, path
            assert response["Location"].startswith(reverse("dashboard:enrol")), path
    response = client.post(reverse("person-search"), {"bsn": "111222333"})
    assert response.status_code == 403
    assert client.get(reverse("dashboard:home"))["Location"].startswith(reverse("dashboard:enrol"))


def test_enrolment_shows_a_qr_code_and_a_code_from_it_opens_the_pages(client, regisseur, clock):
    _log_in(client)
    page = client.get(reverse("dashboard:enrol"), {"next": "/casussen/"})
    assert page.status_code == 200
    body = page.content.decode()
    # The QR code is an inline SVG: no script draws it (the page's only scripts are the static
    # files loaded for every page: Schakel's own and the vendored htmx).
    assert "<svg" in body
    assert re.findall(r"<script[^>]*>", body) == [
        '<script src="/static/schakel/schakel.js" defer>',
        '<script src="/static/vendor/htmx/htmx.min.js" defer>',
    ]
    device = TOTPDevice.objects.get(user=regisseur, confirmed=False)
    response = client.post(
        reverse("dashboard:enrol"), {"code": _code(device), "next": "/casussen/"}
    )
    assert response.status_code == 302 and response["Location"] == "/casussen/"
    assert client.get(reverse("cases:list")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(
        user_id_ref=regisseur.pk, action=AuditAction.CREATE, detail="tweede factor ingesteld"
    ).exists()

    # The next log-in asks for a code, no new enrolment.
    client.logout()
    clock.shift(dt.timedelta(minutes=2))
    _log_in(client)
    assert client.get(reverse("cases:list"))["Location"].startswith(
        reverse("dashboard:second_factor")
    )


def test_a_wrong_code_is_refused_and_audited_then_the_right_one_opens(client, regisseur, clock):
    device = _enrolled(regisseur)
    _log_in(client)
    assert client.get(reverse("dashboard:home"))["Location"].startswith(
        reverse("dashboard:second_factor")
    )
    response = client.post(reverse("dashboard:second_factor"), {"code": _wrong(device)})
    assert response.status_code == 200
    assert client.get(reverse("dashboard:home")).status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.object_id == str(regisseur.pk)
    assert entry.detail == "tweede factor: onjuiste code"
    assert entry.purpose == Purpose.AUTHENTICATION

    clock.shift(dt.timedelta(seconds=31))  # past django-otp's own delay after a wrong code
    response = client.post(reverse("dashboard:second_factor"), {"code": _code(device)})
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert client.get(reverse("case-list")).status_code == 200
    # A code is used once.
    client.logout()
    _log_in(client)
    client.post(reverse("dashboard:second_factor"), {"code": _code(device)})
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_wrong_codes_count_toward_the_log_in_lock(client, regisseur, clock):
    device = _enrolled(regisseur)
    _log_in(client)
    for _ in range(settings.SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT):
        clock.shift(dt.timedelta(seconds=61))
        client.post(reverse("dashboard:second_factor"), {"code": _wrong(device)})
    assert "_auth_user_id" not in client.session  # the half log-in ended
    assert AuditEntry.objects.filter(action=AuditAction.LOCKOUT).exists()
    _log_in(client, address="10.9.9.9")  # even the right password, from elsewhere
    assert "_auth_user_id" not in client.session


def test_a_session_from_another_backend_needs_no_code(client, settings, regisseur):
    """Log-in through the identity provider (OpenID Connect): its second factor counts."""
    backend = f"{__name__}.ExternalIdentityBackend"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, backend]
    client.force_login(regisseur, backend=backend)
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert client.get(reverse("case-list")).status_code == 200


def test_without_the_setting_only_enrolled_accounts_give_a_code(client, settings, regisseur):
    settings.SCHAKEL_REQUIRE_2FA = False
    _log_in(client)
    assert client.get(reverse("dashboard:home")).status_code == 200
    client.logout()
    _enrolled(regisseur)
    _log_in(client)
    assert client.get(reverse("dashboard:home")).status_code == 302


@pytest.fixture
def beheerder():
    user = make_user(Role.ADMINISTRATOR, OrganisationKind.MUNICIPALITY, "beheerder")
    user.is_staff = True
    user.save()
    group = Group.objects.create(name="Functioneel beheer")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="organisations", codename="change_user")
    )
    user.groups.add(group)
    return user


def _reset(client, *users):
    return client.post(
        reverse("admin:organisations_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [u.pk for u in users]},
    )


def test_the_beheerder_resets_a_lost_device_audited_but_not_their_own(client, beheerder, regisseur):
    _enrolled(regisseur)
    own = _enrolled(beheerder)
    client.force_login(beheerder)
    session = client.session
    session["otp_device_id"] = own.persistent_id
    session.save()
    assert _reset(client, regisseur, beheerder).status_code == 302
    assert not TOTPDevice.objects.filter(user=regisseur).exists()
    assert TOTPDevice.objects.filter(user=beheerder).exists()
    entry = AuditEntry.objects.get(detail="tweede factor gereset")
    assert entry.user_id_ref == beheerder.pk and entry.object_id == str(regisseur.pk)
    assert entry.timestamp <= timezone.now()


def test_the_device_admin_with_its_secret_keys_is_not_offered():
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice)
