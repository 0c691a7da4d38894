"""Forms of the person-oriented approach. Field ids are stable: the browser test uses them."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import Organisation

from .metrics import INDICATORS
from .models import (
    BottleneckKind,
    BottleneckStatus,
    Direction,
    EvaluationMeeting,
    LifeDomain,
    MeetingAction,
    TheoryBox,
)
from .services import eligible_coordinators

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def partners():
    return Organisation.objects.filter(is_active=True).order_by("name")


class CoordinatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation})" if obj.organisation else name


class ApplyRuleForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        widget=DATE_WIDGET,
        help_text=_("The rule counts registrations decided in the window ending on this date."),
    )

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("Choose today or a date in the past."))
        return as_of


class DecisionForm(forms.Form):
    direction = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    coordinator = CoordinatorChoiceField(
        label=_("Accountable coordinator"),
        queryset=None,
        required=False,
        help_text=_("One coordinator per person, accountable across care and justice."),
    )
    best_cards = forms.ModelChoiceField(
        label=_("Partner holding the best cards"),
        queryset=None,
        required=False,
        help_text=_("The partner best placed to make a difference for this person."),
    )
    effective_on = forms.DateField(label=_("Effective on"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, direction: str, **kwargs):
        super().__init__(*args, **kwargs)
        if direction == Direction.OUT:
            choices = [(Direction.OUT, _("Take off the list"))]
        else:
            choices = [
                (Direction.IN, _("Take onto the list")),
                (Direction.NOT_IN, _("Do not take onto the list")),
            ]
        self.fields["direction"].choices = choices
        self.fields["coordinator"].queryset = eligible_coordinators().order_by(
            "last_name", "first_name"
        )
        self.fields["best_cards"].queryset = partners()
        if direction == Direction.OUT:
            del self.fields["coordinator"]
            del self.fields["best_cards"]

    def clean(self):
        data = super().clean()
        if data.get("direction") == Direction.IN:
            if not data.get("coordinator"):
                self.add_error("coordinator", _("Choose the accountable coordinator."))
            if not data.get("best_cards"):
                self.add_error("best_cards", _("Choose the partner holding the best cards."))
        return data


class ChangeCoordinatorForm(forms.Form):
    coordinator = CoordinatorChoiceField(label=_("New coordinator"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = eligible_coordinators().order_by(
            "last_name", "first_name"
        )


class OpenCaseForPersonForm(forms.Form):
    title = forms.CharField(
        label=_("Working title"),
        max_length=200,
        help_text=_("A short title without personal data, e.g. 'HIT-aanpak Zuid'."),
    )
    goal = forms.CharField(
        label=_("First goal of the action plan"),
        max_length=300,
        required=False,
        help_text=_("Optional: the plan starts with this goal; add interventions on the case."),
    )


class AssessmentForm(forms.Form):
    """One choice per domain of the instrument; empty means not assessed this time."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        choices = [("", _("— not assessed —"))] + [
            (str(k), f"{k} {label}") for k, label in instrument.scale
        ]
        self.domains = list(instrument.domains.all())
        for domain in self.domains:
            self.fields[f"domain_{domain.pk}"] = forms.TypedChoiceField(
                label=domain.name, choices=choices, required=False, coerce=int, empty_value=None
            )

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("An assessment cannot be dated in the future."))
        return day

    def scores(self) -> dict[int, int | None]:
        return {d.pk: self.cleaned_data.get(f"domain_{d.pk}") for d in self.domains}


class BottleneckForm(forms.Form):
    target_list = forms.ModelChoiceField(label=_("List"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of bottleneck"), choices=BottleneckKind.choices)
    description = forms.CharField(
        label=_("What is stuck"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Only what the partners need to know."),
    )
    asked_organisation = forms.ModelChoiceField(label=_("Partner asked to solve it"), queryset=None)

    def __init__(self, *args, lists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_list"].queryset = lists
        if len(lists) == 1:
            self.fields["target_list"].initial = lists[0].pk
        self.fields["asked_organisation"].queryset = partners()


class BottleneckUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=BottleneckStatus.choices)
    resolution = forms.CharField(
        label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class LifeDomainTagForm(forms.Form):
    life_domain = forms.ChoiceField(
        label=_("Life domain"),
        choices=[("", _("— none —"))] + list(LifeDomain.choices),
        required=False,
    )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE_WIDGET)
    theme = forms.CharField(label=_("Theme"), max_length=200)
    insights = forms.CharField(label=_("Insights"), widget=forms.Textarea(attrs={"rows": 5}))

    ACTION_ROWS = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, self.ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=_("Action agreed %(n)s") % {"n": n}, max_length=300, required=False
            )
            self.fields[f"partner_{n}"] = forms.ModelChoiceField(
                label=_("Partner for action %(n)s") % {"n": n}, queryset=partners(), required=False
            )

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("Record a meeting once it has been held."))
        return day

    def actions(self) -> list[tuple[str, object]]:
        return [
            (self.cleaned_data[f"action_{n}"], self.cleaned_data[f"partner_{n}"])
            for n in range(1, self.ACTION_ROWS + 1)
            if self.cleaned_data.get(f"action_{n}")
        ]


class ActionCheckForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Checked in the meeting of"), queryset=None)
    result = forms.ChoiceField(
        label=_("Was it done?"),
        choices=[c for c in MeetingAction.Check.choices if c[0] != MeetingAction.Check.PENDING],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, action: MeetingAction, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = EvaluationMeeting.objects.filter(
            target_list=action.meeting.target_list, held_on__gt=action.meeting.held_on
        ).order_by("-held_on")


class TheoryBoxForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of box"), choices=TheoryBox.Kind.choices)
    text = forms.CharField(label=_("Text"), max_length=300)
    indicators = forms.MultipleChoiceField(
        label=_("Measured by"),
        choices=[(k, v) for k, v in INDICATORS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ImportForm(forms.Form):
    source = forms.CharField(
        label=_("Source"),
        max_length=40,
        initial="OM",
        help_text=_(
            "Who delivered the extract, e.g. OM or politie; references are kept per source."
        ),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: registration_id, person_ref, bsn, given_name, surname, date_of_birth, "
            "offence_date, offence_category, decision, decision_date."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Use a .csv file."))
        return upload


class MonthForm(forms.Form):
    maand = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def month(self) -> tuple[int, int] | None:
        if self.is_valid() and self.cleaned_data.get("maand"):
            year, month = self.cleaned_data["maand"].split("-")
            return int(year), int(month)
        return None
