"""Forms of the auditor's screens: filtering the log, and looking up a person."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schakel.audit.models import AuditAction
from schakel.registry.validators import validate_bsn

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    """A GET form; person ids are internal numbers, never a BSN, so they may be in the URL."""

    date_from = forms.DateField(label=_("From (date)"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(
        label=_("Up to and including (date)"), required=False, widget=DATE_INPUT
    )
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditAction.choices],
    )
    object_type = forms.CharField(
        label=_("Object type"),
        required=False,
        max_length=50,
        help_text=_("For example cases.case or registry.person."),
    )
    person_id = forms.IntegerField(
        label=_("Person id"),
        required=False,
        min_value=1,
        help_text=_("The internal number of the person record, not the BSN."),
    )
    client_address = forms.GenericIPAddressField(
        label=_("Client address"),
        required=False,
        help_text=_("The IP address the request came from (as seen behind the trusted proxy)."),
    )
    session_ref = forms.RegexField(
        label=_("Session"),
        required=False,
        max_length=64,
        regex=r"^[st]:[0-9A-Za-z_-]{4,62}$",
        error_messages={"invalid": _("Give a session reference as shown in the log.")},
        help_text=_("The session reference shown in the log, or its beginning."),
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date lies before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The valid, non-empty filters (invalid fields are left out and shown as errors)."""
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "")}


class PersonLookupForm(forms.Form):
    """Sent by POST so that a BSN or a name never appears in a URL or a server log."""

    bsn = forms.CharField(label=_("BSN"), required=False, max_length=9, validators=[validate_bsn])
    name = forms.CharField(
        label=_("Name"),
        required=False,
        min_length=2,
        max_length=200,
        help_text=_("Given name and/or surname; every word must match."),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("bsn") and not cleaned.get("name"):
            raise ValidationError(_("Enter a BSN or a name."))
        return cleaned
