"""Forms of the case conference pages; the rules themselves live in `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.access import policy
from schakel.organisations.models import DataCategory, User
from schakel.web.categories import category_field, offer_categories, require_category_with_text
from schakel.web.forms import CasePickerField

from .models import ActionReview

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


class ConferenceForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Without personal data, e.g. 'Casusoverleg Zuid, week 12'."),
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=User.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(
            organisation_id=user.organisation_id,
            is_active=True,
            role__in=policy.SAFETY_HOUSE_STAFF_ROLES,
        ).order_by("last_name", "first_name")
        self.fields["chair"].initial = user.pk


class ConveneForm(forms.Form):
    """A conference on one case, convened by who manages it (e.g. the HIT coordinator)."""

    title = ConferenceForm.base_fields["title"]
    starts_at = ConferenceForm.base_fields["starts_at"]
    location = ConferenceForm.base_fields["location"]


class AgendaItemForm(forms.Form):
    case = CasePickerField(
        label=_("Case"),
        queryset=None,
        help_text=_("Type the reference or part of the title, and choose."),
    )
    question = forms.CharField(
        label=_("Question for the conference"),
        max_length=300,
        required=False,
        help_text=_("What should the partners decide? Without personal data."),
    )
    question_category = category_field(_("Who may read the question"), required=False)

    def __init__(self, *args, cases, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].widget.options = [(c.reference, c.title) for c in cases]
        offer_categories(self.fields["question_category"], user)

    def clean(self):
        cleaned = super().clean()
        require_category_with_text(self, "question", "question_category")
        return cleaned


class PutOnAgendaForm(forms.Form):
    """On the case page: put this case on the agenda of a planned conference."""

    conference = forms.ChoiceField(label=_("Put on the agenda of"))
    question = forms.CharField(
        label=_("Question for the conference"), max_length=300, required=False
    )
    question_category = category_field(_("Who may read the question"), required=False)

    def __init__(self, *args, conferences, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_categories(self.fields["question_category"], user)
        self.conferences = {str(c.pk): c for c in conferences}
        self.fields["conference"].choices = [(str(c.pk), str(c)) for c in self.conferences.values()]

    def clean_conference(self):
        return self.conferences[self.cleaned_data["conference"]]

    def clean(self):
        cleaned = super().clean()
        require_category_with_text(self, "question", "question_category")
        return cleaned


class InviteForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Invite"), queryset=None)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} — {u.organisation}"
        )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(
        label=_("Data category"),
        help_text=_("Only partners allowed to see this category will see the decision."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = policy.allowed_categories(user)
        self.fields["category"].choices = [
            (value, label) for value, label in DataCategory.choices if value in allowed
        ]
        self.fields["category"].initial = DataCategory.GENERAL


class ReviewForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why was it not done?"),
        choices=[("", "---------"), *ActionReview.Reason.choices],
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the reason is 'other'."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("reason") == ActionReview.Reason.OTHER
            and not (cleaned.get("explanation") or "").strip()
        ):
            self.add_error("explanation", _("Explain the reason when you choose 'other'."))
        return cleaned
