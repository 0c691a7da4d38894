from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.access import policy
from schakel.organisations.models import DataCategory, Organisation, Role, User
from schakel.web.categories import category_field, offer_categories, require_category_with_text

from . import closing
from .workflow import ALLOWED_TRANSITIONS, ENDING_STATUSES, CaseStatus


class OpenCaseForm(forms.Form):
    title = forms.CharField(
        label=_("Working title"),
        max_length=200,
        help_text=_("A short title without personal data, e.g. 'Overlast Dorpsstraat'."),
    )
    coordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=User.objects.none())

    def __init__(self, *args, host: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = User.objects.filter(
            is_active=True,
            role__in=[Role.PROCESS_DIRECTOR, Role.COORDINATOR],
        ).filter(organisation=host) | User.objects.filter(is_active=True, role=Role.COORDINATOR)


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects)
    purpose = forms.CharField(
        label=_("Purpose of participation"),
        max_length=300,
        required=False,
        help_text=_("Why this partner needs to know (purpose limitation)."),
    )
    purpose_category = category_field(_("Who may read the purpose"), required=False)

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_categories(self.fields["purpose_category"], user)
        taking_part = case.participations.filter(ended_at__isnull=True).values("organisation")
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(is_active=True)
            .exclude(pk__in=taking_part)
            .exclude(pk=case.host_organisation_id)
        )

    def clean(self):
        cleaned = super().clean()
        require_category_with_text(self, "purpose", "purpose_category")
        return cleaned


class EndParticipationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for ending the participation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The partner is told that its participation has ended."),
    )
    reason_category = category_field(_("Who may read the reason"))
    confirm = forms.BooleanField(
        label=_("I confirm that this partner no longer takes part and loses access to the case."),
        required=True,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_categories(self.fields["reason_category"], user)


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    reason_category = category_field(_("Who may read the explanation"), required=False)

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_categories(self.fields["reason_category"], user)
        self.fields["to_status"].choices = [
            (s, CaseStatus(s).label)
            for s in CaseStatus.values
            if s in ALLOWED_TRANSITIONS[case.status]
        ]
        # Ending the case asks a reason per piece of work still open (cases/closing.py).
        self.open_items = []
        if ALLOWED_TRANSITIONS[case.status] & ENDING_STATUSES:
            self.open_items = closing.open_items(case, user)
        for item in self.open_items:
            self.fields[f"item-{item.key}"] = forms.CharField(
                label=_("Reason for ending: %(item)s") % {"item": item.label},
                required=False,
                max_length=2000,
                help_text=_("Needed when the case is closed, rejected or referred."),
            )
            field = category_field(_("Who may read this reason"), required=False)
            offer_categories(field, user)
            self.fields[f"item-{item.key}-category"] = field

    def clean(self):
        cleaned = super().clean()
        require_category_with_text(self, "reason", "reason_category")
        reasons = {}
        for item in self.open_items:
            name = f"item-{item.key}"
            require_category_with_text(self, name, f"{name}-category")
            reason = cleaned.pop(name, "")
            category = cleaned.pop(f"{name}-category", "") or DataCategory.GENERAL
            if reason.strip():
                reasons[item.key] = (reason, category)
            elif cleaned.get("to_status") in ENDING_STATUSES:
                self.add_error(name, _("Give the reason for ending this item."))
        cleaned["item_reasons"] = reasons
        return cleaned


class NoteForm(forms.Form):
    category = forms.ChoiceField(label=_("Kind of information"))
    text = forms.CharField(label=_("Note"), widget=forms.Textarea, max_length=10000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = policy.allowed_categories(user)
        self.fields["category"].choices = [c for c in DataCategory.choices if c[0] in allowed]


class CaseSearchForm(forms.Form):
    query = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Reference, title, surname or postcode."),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + CaseStatus.choices
    )
