"""The authentication backend: Django's model backend behind the log-in lock (`lockout`).

Every log-in path calls `authenticate()` — the log-in page, the admin log-in, the test client —
so the lock holds on all of them. While locked, the backend refuses before checking the password,
and marks the request so that the form can say why (`forms.LockoutMixin`).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import lockout

LOCKED_OUT_ATTRIBUTE = "schakel_locked_out"


def _mark_locked(request) -> None:
    if request is not None:
        setattr(request, LOCKED_OUT_ATTRIBUTE, True)


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        if lockout.is_locked(username, request):
            _mark_locked(request)
            raise PermissionDenied  # stops authenticate(); user_login_failed is still sent
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            if lockout.register_failure(username, request):
                _mark_locked(request)
        else:
            lockout.register_success(username)
        return user
