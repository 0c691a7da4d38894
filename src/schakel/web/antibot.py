"""Keeping scripts off a public form without a third-party service: a honeypot and a signed time.

`HumanCheckFormMixin` adds two fields. The honeypot (`website`) is hidden from people by CSS and
from assistive technology by `aria-hidden`; a script that fills in every field fills it in too.
`rendered` carries the time the form was shown, signed with SECRET_KEY so it cannot be forged: a
submission sooner than SCHAKEL_PUBLIC_FORM_MIN_SECONDS after that is faster than a person types,
and one older than SCHAKEL_PUBLIC_FORM_MAX_AGE is a replay of an old page. Either way the form
comes back with what was typed, and a fresh time when the old one can no longer pass.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"
RENDERED_FIELD = "rendered"
_SALT = "schakel.web.antibot.rendered"

TOO_FAST = _("That was very quick. Please check your report and send it again.")
TOO_OLD = _("This form was open for too long. Please check your report and send it again.")
TRAPPED = _("Your report could not be sent. Leave the last field empty and send it again.")


def rendered_token(at: float | None = None) -> str:
    """The signed time at which a form is shown (now, unless `at` is given)."""
    return signing.dumps(int(time.time() if at is None else at), salt=_SALT)


class HumanCheckFormMixin(forms.Form):
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial[RENDERED_FIELD] = rendered_token()

    def visible_fields(self):
        # The honeypot is rendered on its own, out of sight (see `honeypot_field`).
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot_field(self):
        return self[HONEYPOT_FIELD]

    def _renew_rendered(self) -> None:
        self.data = self.data.copy()
        self.data[self.add_prefix(RENDERED_FIELD)] = rendered_token()

    def clean(self):
        data = super().clean()
        if data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(TRAPPED, code="honeypot")
        try:
            shown_at = signing.loads(data.get(RENDERED_FIELD) or "", salt=_SALT)
        except signing.BadSignature:
            shown_at = None
        age = time.time() - shown_at if isinstance(shown_at, int) else None
        if age is None or age > settings.SCHAKEL_PUBLIC_FORM_MAX_AGE:
            self._renew_rendered()
            raise forms.ValidationError(TOO_OLD, code="expired")
        if age < settings.SCHAKEL_PUBLIC_FORM_MIN_SECONDS:
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        # Not part of what was reported: the service never sees them.
        data.pop(HONEYPOT_FIELD, None)
        data.pop(RENDERED_FIELD, None)
        return data
