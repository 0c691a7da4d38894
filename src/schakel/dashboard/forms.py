"""Log-in forms that say so when the lock (`lockout`) refused the attempt."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .backends import LOCKED_OUT_ATTRIBUTE
from .lockout import LOCKED_OUT_MESSAGE


class LockoutMixin:
    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, LOCKED_OUT_ATTRIBUTE, False):
                raise ValidationError(LOCKED_OUT_MESSAGE, code="locked_out") from None
            raise


class LoginForm(LockoutMixin, AuthenticationForm):
    pass


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    pass
