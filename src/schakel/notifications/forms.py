from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import Delivery


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("E-mail about notifications"), choices=Delivery.choices, widget=forms.RadioSelect
    )
