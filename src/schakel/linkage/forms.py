"""Forms of the linkage pages: start a run, decide on a pair, ask "already known?"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.lib.plausible import validate_date_of_birth
from schakel.registry.validators import validate_bsn

from .services import (
    DEFAULT_LOWER_THRESHOLD,
    DEFAULT_UPPER_THRESHOLD,
    ENOUGH_TO_ASK,
    AskReason,
    enough_to_ask,
)


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
    reason = forms.ChoiceField(
        label=_("Why do you ask?"),
        choices=[("", "—")] + list(AskReason.choices),
        help_text=_("Recorded with your question (purpose limitation)."),
    )
    given_names = forms.CharField(label=_("Given names"), required=False, max_length=200)
    surname_prefix = forms.CharField(label=_("Surname prefix"), required=False, max_length=20)
    surname = forms.CharField(label=_("Surname"), required=False, max_length=200)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date_of_birth],
    )
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=9, validators=[validate_bsn])

    def clean(self):
        data = super().clean()
        if not self.errors and not enough_to_ask(
            bsn=data.get("bsn"),
            given_names=data.get("given_names"),
            surname=data.get("surname"),
            date_of_birth=data.get("date_of_birth"),
        ):
            raise forms.ValidationError(ENOUGH_TO_ASK)
        return data
