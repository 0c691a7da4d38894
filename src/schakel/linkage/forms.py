"""Forms of the linkage pages: start a run, decide on a pair, ask "already known?"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.registry.validators import validate_bsn

from .services import DEFAULT_LOWER_THRESHOLD, DEFAULT_UPPER_THRESHOLD


class RunForm(forms.Form):
    lower_threshold = forms.FloatField(
        label=_("Review from probability"),
        min_value=0.01,
        max_value=1,
        initial=DEFAULT_LOWER_THRESHOLD,
        help_text=_("Pairs with at least this match probability are queued for review."),
    )
    upper_threshold = forms.FloatField(
        label=_("Link from probability"),
        min_value=0.01,
        max_value=1,
        initial=DEFAULT_UPPER_THRESHOLD,
        help_text=_("Pairs with at least this match probability are linked without review."),
    )
    link_above_upper = forms.BooleanField(
        label=_("Link pairs above the upper threshold without review"),
        required=False,
        initial=True,
    )

    def clean(self):
        data = super().clean()
        lower, upper = data.get("lower_threshold"), data.get("upper_threshold")
        if lower is not None and upper is not None and lower > upper:
            raise forms.ValidationError(
                _("The review threshold cannot be above the link threshold.")
            )
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("reject", _("Reject")), ("undo", _("Undo"))]
    )


class AlreadyKnownForm(forms.Form):
    given_names = forms.CharField(label=_("Given names"), required=False, max_length=200)
    surname_prefix = forms.CharField(label=_("Surname prefix"), required=False, max_length=20)
    surname = forms.CharField(label=_("Surname"), required=False, max_length=200)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=9, validators=[validate_bsn])

    def clean(self):
        data = super().clean()
        has_name = data.get("surname") and (data.get("given_names") or data.get("date_of_birth"))
        if not has_name and not data.get("bsn") and not self.errors:
            raise forms.ValidationError(
                _("Give a surname with a given name or date of birth, or a BSN.")
            )
        return data
