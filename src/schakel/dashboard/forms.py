"""Log-in forms that say so when the lock (`lockout`) refused the attempt; the code form of the
second factor."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
