"""Forms of the area-based approach. They parse input; the rules are in `areas.services`."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.access import policy
from schakel.incidents import selectors as incident_selectors
from schakel.organisations.models import Organisation
from schakel.registry.models import Address, Area, Business, Person
from schakel.registry.validators import (
    normalise_postcode,
    validate_bsn,
    validate_kvk,
    validate_postcode,
)
from schakel.web.antibot import HumanCheckFormMixin
from schakel.web.forms import AddressPickerField

from .geojson import parse_outline
from .models import (
    ChronicleEntry,
    FindingType,
    HotspotPlan,
    JointInspection,
    Presence,
    ResidentReport,
    ResidentsMeeting,
)
from .selectors.areas import addresses_in
from .selectors.inspections import address_choices
from .selectors.quickscan import open_cases_in

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _safety_houses():
    return Organisation.objects.filter(kind="veiligheidshuis", is_active=True)


class OutlineField(forms.CharField):
    """GeoJSON pasted or drawn; cleaned into a normalised geometry (kept as text for the service)."""

    widget = forms.Textarea(attrs={"rows": 6, "spellcheck": "false"})

    def validate(self, value):
        super().validate(value)
        if value:
            parse_outline(value)  # raises a ValidationError that says what to fix


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of area"), choices=Area.Kind.choices)
    cbs_code = forms.CharField(
        label=_("CBS code"),
        max_length=16,
        required=False,
        help_text=_(
            "WK + 6 digits for a district (wijk), BU + 8 digits for a neighbourhood (buurt)."
        ),
    )
    parent = forms.ModelChoiceField(label=_("Part of"), queryset=Area.objects.all(), required=False)
    outline = OutlineField(
        label=_("Outline (GeoJSON)"),
        required=False,
        help_text=_(
            "A Polygon or MultiPolygon in WGS84 (longitude, latitude), e.g. exported from a GIS "
            "or drawn on geojson.io. Leave empty for a CBS area without an outline."
        ),
    )


class OutlineForm(forms.Form):
    outline = OutlineField(label=_("Outline (GeoJSON)"))


class PlanForm(forms.ModelForm):
    class Meta:
        model = HotspotPlan
        fields = [
            "title",
            "problem",
            "norms",
            "host_organisation",
            "starts_on",
            "ends_on",
            "partners",
            "is_public",
            "public_summary",
            "steering_group",
            "what_worked",
            "what_did_not_work",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "partners": forms.CheckboxSelectMultiple,
            "problem": forms.Textarea(attrs={"rows": 4}),
            "norms": forms.Textarea(attrs={"rows": 4}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
            "steering_group": forms.Textarea(attrs={"rows": 2}),
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "what_did_not_work": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_organisation"].queryset = _safety_houses()
        self.fields["partners"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["partners"].required = False


class GoalForm(forms.Form):
    description = forms.CharField(
        label=_("Goal"),
        max_length=300,
        help_text=_("E.g. 'Nuisance reports down by 30 percent in 12 months'."),
    )
    incident_category = forms.ChoiceField(label=_("Incident category"), required=False)
    target_percent = forms.IntegerField(
        label=_("Target change (%)"),
        min_value=-100,
        max_value=1000,
        help_text=_("E.g. -30 for thirty per cent fewer incidents."),
    )
    baseline_start = forms.DateField(label=_("Baseline from"), widget=DATE_INPUT)
    baseline_end = forms.DateField(label=_("Baseline until"), widget=DATE_INPUT)
    measure_start = forms.DateField(label=_("Measured from"), widget=DATE_INPUT)
    measure_end = forms.DateField(label=_("Measured until"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident_category"].choices = [("", _("All categories"))] + [
            (c, c) for c in incident_selectors.categories()
        ]


class HotspotCaseForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("Case"),
        queryset=None,
        help_text=_("Open cases about the area or an address in it."),
    )

    def __init__(self, *args, user, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = open_cases_in(user, plan.area).exclude(hotspot_plans=plan)


class InspectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    plan = forms.ModelChoiceField(label=_("Hot-spot plan"), queryset=None, required=False)
    host_organisation = forms.ModelChoiceField(label=_("Veiligheidshuis"), queryset=None)
    planned_for = forms.DateField(label=_("Date of the visit"), widget=DATE_INPUT)
    addresses = forms.TypedMultipleChoiceField(
        label=_("Addresses to visit"),
        coerce=int,
        help_text=_("Marked: named in a signal, or with a prior finding."),
        # Tick boxes, not a list to Ctrl-click in (issue 12): usable by keyboard, touch and
        # screen reader.
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Participating partners"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    briefing = forms.CharField(
        label=_("Briefing"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, user, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = HotspotPlan.objects.filter(area=area)
        self.fields["host_organisation"].queryset = _safety_houses()
        self.fields["partners"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["addresses"].choices = address_choices(area, user)

    def clean_addresses(self):
        return list(Address.objects.filter(pk__in=self.cleaned_data["addresses"]))


class InspectionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (JointInspection.Status.DONE, JointInspection.Status.DONE.label),
            (JointInspection.Status.CANCELLED, JointInspection.Status.CANCELLED.label),
        ],
    )


class FindingForm(forms.Form):
    address = forms.ModelChoiceField(label=_("Address"), queryset=None)
    organisation = forms.ModelChoiceField(label=_("Partner"), queryset=None)
    finding_type = forms.ModelChoiceField(
        label=_("Finding"),
        queryset=FindingType.objects.filter(is_active=True),
        help_text=_("From the finding catalogue; it sets the follow-up and its legal term."),
    )
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = inspection.addresses.all()
        partners = inspection.partners.all()
        if not policy.can_direct_inspection(user, inspection):
            partners = partners.filter(pk=user.organisation_id)
        self.fields["organisation"].queryset = partners
        if partners.filter(pk=user.organisation_id).exists():
            self.fields["organisation"].initial = user.organisation_id


class OwnershipForm(forms.Form):
    """The owner is looked up by BSN or KvK number among those the user may see: the form
    never lists persons or businesses."""

    # Typed and searched on the server (an area holds thousands of addresses): issue 12.
    address = AddressPickerField(label=_("Premises"), queryset=None)
    bsn = forms.CharField(
        label=_("BSN of the owner (person)"),
        max_length=9,
        required=False,
        validators=[validate_bsn],
    )
    kvk_number = forms.CharField(
        label=_("KvK number of the owner (business)"),
        max_length=8,
        required=False,
        validators=[validate_kvk],
        help_text=_("A business that is not known yet is registered first (link below the form)."),
    )
    since = forms.DateField(label=_("Owner since"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, user, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["address"].queryset = addresses_in(area)
        self.fields["address"].set_search_url(reverse("areas:address_search", args=[area.pk]))

    def clean_bsn(self):
        return self.cleaned_data["bsn"].strip()

    def clean_kvk_number(self):
        return self.cleaned_data["kvk_number"].strip()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        bsn, kvk = data.get("bsn"), data.get("kvk_number")
        if bool(bsn) == bool(kvk):
            raise ValidationError(_("Enter either a BSN or a KvK number of the owner."))
        data["person"] = data["business"] = None
        if bsn:
            data["person"] = Person.objects.visible_to(self.user).filter(bsn=bsn).first()
            if data["person"] is None:
                self.add_error("bsn", _("No person with this BSN among the persons you may see."))
        else:
            data["business"] = Business.objects.visible_to(self.user).filter(kvk_number=kvk).first()
            if data["business"] is None:
                self.add_error(
                    "kvk_number",
                    _("No business with this KvK number among the businesses you may see."),
                )
        return data

    def owner_data(self) -> dict:
        """The arguments for `services.register_ownership`."""
        data = self.cleaned_data
        return {
            "address": data["address"],
            "person": data["person"],
            "business": data["business"],
            "since": data.get("since"),
        }


class BusinessForm(forms.Form):
    """A business of the owner register: name, KvK number, legal form and its address, typed
    as postcode and house number (a business's address need not lie in an area)."""

    name = forms.CharField(label=_("Name of the business"), max_length=200)
    kvk_number = forms.CharField(
        label=_("KvK number"),
        max_length=12,
        help_text=_("8 digits, as in the Handelsregister of the Kamer van Koophandel."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=[("", "—"), *Business.LegalForm.choices]
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=7, required=False, validators=[validate_postcode]
    )
    house_number = forms.IntegerField(
        label=_("House number"), min_value=1, max_value=99999, required=False
    )
    addition = forms.CharField(label=_("Addition"), max_length=10, required=False)
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)

    @classmethod
    def initial_for(cls, business: Business) -> dict:
        address = business.address
        initial = {
            "name": business.name,
            "kvk_number": business.kvk_number,
            "legal_form": business.legal_form,
        }
        if address is not None:
            initial |= {
                "postcode": address.postcode,
                "house_number": address.house_number,
                "addition": address.house_number_addition,
                "street": address.street,
                "city": address.city,
            }
        return initial

    def clean_kvk_number(self):
        # Typed as printed ("1234 5678", "12.34.56.78"); checked with the 8-digit rule.
        value = "".join(ch for ch in self.cleaned_data["kvk_number"] if ch not in " .")
        validate_kvk(value)
        return value

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data["postcode"])

    def clean(self):
        data = super().clean()
        if bool(data.get("postcode")) != bool(data.get("house_number")):
            raise ValidationError(_("Enter both the postcode and the house number, or neither."))
        return data

    def business_data(self) -> dict:
        """The arguments for `registry.services.register_business` / `change_business`."""
        data = self.cleaned_data
        address = None
        if data.get("postcode"):
            fields = ("postcode", "house_number", "addition", "street", "city")
            address = {key: data.get(key) or "" for key in fields}
        return {
            "name": data["name"],
            "kvk_number": data["kvk_number"],
            "legal_form": data["legal_form"],
            "address": address,
        }


class ChronicleEntryForm(forms.ModelForm):
    class Meta:
        model = ChronicleEntry
        fields = ["date", "title", "text"]
        widgets = {"date": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "text": _("General information only: no names, no case details."),
        }


class ResidentReportForm(HumanCheckFormMixin, forms.Form):
    """The public form. Everything about the sender is optional; the place is required.

    The mixin's honeypot and signed render time keep scripts out (schakel.web.antibot)."""

    category = forms.ChoiceField(
        label=_("What is it about?"), choices=ResidentReport.Category.choices
    )
    description = forms.CharField(
        label=_("What is going on?"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Where, when, how often. You do not need to name anyone."),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    house_number = forms.IntegerField(
        label=_("House number"), min_value=1, max_value=99999, required=False
    )
    house_number_addition = forms.CharField(label=_("Addition"), max_length=10, required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=50.5, max_value=53.9)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=2.5, max_value=7.6)
    contact_email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only if you would like a reply. We store nothing else about you."),
    )

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode:
            validate_postcode(postcode)
            postcode = normalise_postcode(postcode)
        return postcode

    def clean(self):
        data = super().clean()
        has_postcode, has_number = bool(data.get("postcode")), data.get("house_number") is not None
        has_lat, has_lon = data.get("latitude") is not None, data.get("longitude") is not None
        if has_postcode != has_number:
            raise ValidationError(_("Give both the postcode and the house number."))
        if has_lat != has_lon:
            raise ValidationError(
                _("Give both latitude and longitude, or choose a point on the map.")
            )
        if not has_postcode and not has_lat and not self.errors:
            raise ValidationError(
                _("Give a postcode and house number, or choose a point on the map.")
            )
        return data

    field_order = [
        "category",
        "description",
        "postcode",
        "house_number",
        "house_number_addition",
        "latitude",
        "longitude",
        "contact_email",
    ]


class ReportLookupForm(forms.Form):
    """A resident's report reference, typed as on the thanks page (case and dashes forgiven)."""

    reference = forms.CharField(
        label=_("Reference of your report"),
        max_length=20,
        help_text=_("As shown after sending, e.g. M-7KQ2-XH4D."),
    )

    def clean_reference(self):
        code = "".join(ch for ch in self.cleaned_data["reference"].upper() if ch.isalnum())
        if code.startswith("M"):
            code = code[1:]
        if len(code) != 8:
            raise forms.ValidationError(_("A reference looks like M-7KQ2-XH4D."))
        return f"M-{code[:4]}-{code[4:]}"


# --- Commitment, residents' meetings, surveys, presence (issue 13) ---------------------------


class CommitmentForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Partner"))
    signed_by = forms.CharField(
        label=_("Signed off by (function)"),
        max_length=200,
        help_text=_("The function of the manager who signed, e.g. 'teamchef basisteam'."),
    )
    signed_on = forms.DateField(label=_("Signed off on"), widget=DATE_INPUT)
    mandate = forms.CharField(
        label=_("Mandate"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the partner commits: people, hours, powers, budget."),
    )

    def __init__(self, *args, plan: HotspotPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(pk=plan.host_organisation_id) | Q(pk__in=plan.partners.values("pk"))
        ).order_by("name")


class ResidentsMeetingForm(forms.ModelForm):
    class Meta:
        model = ResidentsMeeting
        fields = ["held_on", "participants", "agreements", "follow_up", "follow_up_by"]
        widgets = {
            "held_on": DATE_INPUT,
            "follow_up_by": DATE_INPUT,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }


class SurveyForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("E.g. 'Buurtpeiling Lindehof voorjaar 2027'."),
    )
    opens_on = forms.DateField(label=_("Open from"), widget=DATE_INPUT)
    closes_on = forms.DateField(label=_("Open until"), widget=DATE_INPUT)


#: The five-point scale of the survey, and "don't know" (not stored).
SURVEY_SCALE = [
    ("5", _("Fully agree")),
    ("4", _("Agree")),
    ("3", _("Neither agree nor disagree")),
    ("2", _("Disagree")),
    ("1", _("Fully disagree")),
    ("", _("Don't know")),
]


class SurveyAnswerForm(forms.Form):
    """One radio group per statement; "don't know" is allowed and leaves the statement out."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = list(survey.questions.order_by("order", "pk"))
        for question in self.statements:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=SURVEY_SCALE,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                # Nothing chosen beforehand, not even "don't know": no answer is suggested.
                initial="-",
            )

    def answers(self) -> dict[int, int | None]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.statements}


class PresenceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What"), choices=Presence.Kind.choices, widget=forms.RadioSelect
    )
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("Area"))
    place = forms.CharField(
        label=_("Where"),
        max_length=200,
        required=False,
        help_text=_("A street, square or building — not a resident's address."),
    )
    started_at = forms.DateTimeField(
        label=_("Started at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.TypedChoiceField(
        label=_("How long"),
        coerce=int,
        choices=[
            (15, _("15 minutes")),
            (30, _("half an hour")),
            (60, _("an hour")),
            (90, _("an hour and a half")),
            (120, _("two hours")),
            (180, _("three hours")),
            (240, _("four hours")),
        ],
        widget=forms.RadioSelect,
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
