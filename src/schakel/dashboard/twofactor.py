"""Two-factor log-in: after the password, a TOTP code (django-otp) before any page.

A session made by a password backend (settings.SCHAKEL_PASSWORD_BACKENDS) is only half logged in
until the user has given a code from their authenticator app: the middleware below sends every
page to the code page (or, for a user without a confirmed device, to the enrolment page) and
answers the API with 403. With SCHAKEL_REQUIRE_2FA (always in production) every password account
needs a device; without it, only accounts that enrolled one. Sessions made by any other backend
(OpenID Connect) are exempt: the identity provider asks for the second factor.

Wrong codes count toward the log-in lock (`lockout`) of the account and the client address, and
are audited like wrong passwords.
"""

import base64

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.receivers import USER_OBJECT_TYPE, record_lockout
from schakel.audit.services import record

from . import lockout

# Pages a half-logged-in user may reach: giving the code, enrolling, leaving, the language.
OPEN_VIEWS = frozenset(
    {"login", "logout", "set_language", "dashboard:second_factor", "dashboard:enrol"}
)
API_PREFIX = "/api/"
# Set on the request while the second factor is outstanding (the navigation hides itself).
PENDING_ATTRIBUTE = "schakel_second_factor_pending"


def logged_in_with_password(request) -> bool:
    return request.session.get(BACKEND_SESSION_KEY) in settings.SCHAKEL_PASSWORD_BACKENDS


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_pending(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not logged_in_with_password(request):
        return False
    if user.is_verified():
        return False
    return settings.SCHAKEL_REQUIRE_2FA or confirmed_device(user) is not None


def _view_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class SecondFactorRequiredMiddleware:
    """After django_otp's OTPMiddleware: no page and no API call before the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if second_factor_pending(request):
            setattr(request, PENDING_ATTRIBUTE, True)
            if _view_name(request) not in OPEN_VIEWS:
                if request.path_info.startswith(API_PREFIX):
                    return JsonResponse({"detail": _("Two-factor log-in is required.")}, status=403)
                target = (
                    "dashboard:second_factor"
                    if confirmed_device(request.user)
                    else "dashboard:enrol"
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


def device_to_enrol(user) -> TOTPDevice:
    """The user's unconfirmed device (made once, so the QR code stays the same on a reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Schakel", confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG (no script, no image request)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False)


def check_code(request, device: TOTPDevice, code: str) -> bool:
    """Verify a code against the device; a wrong one is audited and counts toward the lock.

    Returns False without checking while the account or address is locked.
    """
    user = request.user
    if lockout.is_locked(user.get_username(), request):
        return False
    # django_otp.verify_token locks the device row: two requests cannot both use one code.
    if django_otp.verify_token(user, device.persistent_id, code.strip().replace(" ", "")):
        lockout.register_success(user.get_username())
        return True
    record(
        user,  # the password was right: the account is known, only its second factor failed
        AuditAction.LOGIN_FAILED,
        object_type=USER_OBJECT_TYPE,
        object_id=user.pk,
        purpose=Purpose.AUTHENTICATION,
        detail="tweede factor: onjuiste code",
    )
    for kind in lockout.register_failure(user.get_username(), request):
        record_lockout(user.get_username(), "adres" if kind == lockout.ADDRESS else "account")
    return False
