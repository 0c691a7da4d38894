from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import Organisation
from schakel.web.categories import category_field, offer_categories

from .models import EscalationLevel, IntakeCriterion

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class TriageForm(forms.Form):
    """The intake criteria (one yes/no question each), then level, lead, reason, review date."""

    level = forms.ModelChoiceField(label=_("Escalation level"), queryset=EscalationLevel.objects)
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=2000)
    reason_category = category_field(_("Who may read the reason"))
    review_date = forms.DateField(
        label=_("Review date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When to consider scaling up or down. Empty: the level's default term."),
    )

    def __init__(self, *args, user, with_criteria=True, **kwargs):
        super().__init__(*args, **kwargs)
        offer_categories(self.fields["reason_category"], user)
        self.criteria = (
            list(IntakeCriterion.objects.filter(is_active=True)) if with_criteria else []
        )
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.question,
                choices=YES_NO,
                widget=forms.RadioSelect,
                help_text=criterion.get_group_display(),
            )
        # criteria first, as in the intake conversation
        order = [f"criterion_{c.pk}" for c in self.criteria]
        self.order_fields(
            order + ["level", "lead_organisation", "reason", "reason_category", "review_date"]
        )

    def answers(self) -> dict:
        return {c: self.cleaned_data[f"criterion_{c.pk}"] == "yes" for c in self.criteria}
