"""The authentication backend: Django's model backend behind the log-in lock (`lockout`).

Every log-in path calls `authenticate()` — the log-in page, the admin log-in, the test client —
so the lock holds on all of them. While locked, the backend refuses before checking the password,
and marks the request so that the form can say why (`forms.LockoutMixin`).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from schakel.audit.receivers import CLOSED, LOCKED_OUT_ATTRIBUTE, REFUSED, record_lockout

from . import lockout


def _mark_locked(request, how: str) -> None:
    if request is not None:
        setattr(request, LOCKED_OUT_ATTRIBUTE, how)


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        if lockout.is_locked(username, request):
            _mark_locked(request, REFUSED)
            raise PermissionDenied  # stops authenticate(); user_login_failed is still sent
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            for kind in lockout.register_failure(username, request):
                record_lockout(username, "adres" if kind == lockout.ADDRESS else "account")
                _mark_locked(request, CLOSED)
        else:
            lockout.register_success(username)
        return user
