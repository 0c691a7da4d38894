from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import DataCategory, Organisation, OrganisationKind
from schakel.web.categories import offer_own_categories, preselect_only_choice

from .models import Signal, SignalCategory


class SignalForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=SignalCategory.objects.filter(is_active=True)
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Signal.Urgency.choices, initial=Signal.Urgency.NORMAL
    )
    description = forms.CharField(
        label=_("Description of the worry"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=_("What did you see or hear? Only what the partners need to know."),
    )
    data_category = forms.ChoiceField(
        label=_("Kind of information"),
        choices=DataCategory.choices,
        initial=DataCategory.GENERAL,
        help_text=_(
            "Justice, care and tax information is shown only to partners allowed to see it."
        ),
    )
    receiving_organisation = forms.ModelChoiceField(
        label=_("Send to"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.SAFETY_HOUSE, is_active=True),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_own_categories(self.fields["data_category"], user)
        preselect_only_choice(self.fields["receiving_organisation"])


class DismissForm(forms.Form):
    prefix = "dismiss"  # shares the page with the triage form
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=2000)


class HandoverDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class HandoverDoneForm(forms.Form):
    result = forms.CharField(
        label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
