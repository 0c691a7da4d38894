from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.intake.models import Signal, SignalCategory
from schakel.organisations.models import DataCategory, Organisation, OrganisationKind
from schakel.web.categories import offer_own_categories, preselect_only_choice


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=_("Describe the situation. Name persons only if the advice needs it."),
    )
    data_category = forms.ChoiceField(
        label=_("Kind of information"), choices=DataCategory.choices, initial=DataCategory.GENERAL
    )
    safety_house = forms.ModelChoiceField(
        label=_("Ask"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.SAFETY_HOUSE, is_active=True),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_own_categories(self.fields["data_category"], user)
        preselect_only_choice(self.fields["safety_house"])


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea, max_length=5000)


class ToSignalForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=SignalCategory.objects.filter(is_active=True)
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Signal.Urgency.choices,
        initial=Signal.Urgency.NORMAL,
        required=False,
    )
