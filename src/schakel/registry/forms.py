"""Forms to enter a person or an address as the subject of a signal or case."""

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.lib.plausible import validate_date_of_birth

from .validators import normalise_postcode, validate_bsn, validate_postcode


class PersonSubjectForm(forms.Form):
    """Optional person: either leave every field empty, or give at least given name and surname."""

    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=9,
        help_text=_("Optional; 9 digits, checked with the 11-test."),
        validators=[validate_bsn],
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

    def has_person(self) -> bool:
        data = self.cleaned_data
        return any(data.get(f) for f in ("bsn", "given_names", "surname", "date_of_birth"))

    def clean(self):
        data = super().clean()
        if self.has_person() and not (data.get("given_names") and data.get("surname")):
            raise forms.ValidationError(
                _(
                    "Give at least the given names and surname of the person, or leave the person "
                    "fields empty."
                )
            )
        return data


class AddressSubjectForm(forms.Form):
    """Optional address (BAG style): postcode + house number (+ addition)."""

    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    house_number = forms.IntegerField(
        label=_("House number"), required=False, min_value=1, max_value=99999
    )
    house_number_addition = forms.CharField(label=_("Addition"), required=False, max_length=10)
    street = forms.CharField(label=_("Street"), required=False, max_length=200)
    city = forms.CharField(label=_("City"), required=False, max_length=100)

    def has_address(self) -> bool:
        return bool(self.cleaned_data.get("postcode") or self.cleaned_data.get("house_number"))

    def clean_postcode(self):
        value = self.cleaned_data.get("postcode", "")
        if value:
            validate_postcode(value)
            value = normalise_postcode(value)
        return value

    def clean(self):
        data = super().clean()
        if self.has_address() and not (data.get("postcode") and data.get("house_number")):
            raise forms.ValidationError(_("An address needs both a postcode and a house number."))
        return data


class PersonSearchForm(forms.Form):
    query = forms.CharField(
        label=_("Surname or BSN"),
        max_length=200,
        min_length=2,
        help_text=_("You only find persons in cases and signals your organisation takes part in."),
    )


class EstablishSubjectForm(forms.Form):
    """The Veiligheidshuis decides who a reported subject is: one of the candidates it may see,
    or a new person registered from the statement."""

    NEW = "new"

    person = forms.ChoiceField(label=_("This report is about"), widget=forms.RadioSelect)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.pk): c for c in candidates}
        self.fields["person"].choices = [
            (pk, _known_person_label(c)) for pk, c in self.candidates.items()
        ] + [(self.NEW, _("A new person, registered as reported"))]

    def chosen_person(self):
        """The known person chosen, or None for a new person."""
        return self.candidates.get(self.cleaned_data["person"])


def _known_person_label(person) -> str:
    parts = [person.full_name]
    if person.date_of_birth:
        parts.append(person.date_of_birth.strftime("%d-%m-%Y"))
    if person.bsn:
        parts.append(f"BSN {person.bsn}")
    if person.address:
        parts.append(str(person.address))
    return " · ".join(parts)


def established_message(statement, person) -> str:
    if statement.bsn and not person.bsn:
        return _(
            "A new person has been registered without the BSN: Schakel holds that BSN in a "
            "record outside your cases and signals. Record linkage review can bring them together."
        )
    return _("It has been established who this report is about.")


def submit_establish(request, statement, establish) -> tuple[bool, "EstablishSubjectForm"]:
    """The Veiligheidshuis's decision on `statement` from the posted form: `establish(person)`
    (None: a new person) is the signal's or the case's service. Returns whether it was done, and
    the bound form to show again when it was not."""
    from schakel.web.forms import submit

    from .selectors import match_candidates

    form = EstablishSubjectForm(
        request.POST,
        candidates=match_candidates(request.user, statement),
        prefix=f"s{statement.pk}",
    )
    done = submit(
        request,
        form,
        lambda _data: establish(form.chosen_person()),
        success=lambda person: established_message(statement, person),
    )
    return done, form


def attach_establish_forms(items, refused=None) -> list[dict]:
    """Give each open statement shown to a decider its form (`refused`: (statement pk, form)
    of a decision that was refused, shown again with its error)."""
    for item in items:
        statement = item["statement"]
        if statement.is_pending and statement.has_person:
            if refused is not None and refused[0] == statement.pk:
                item["form"] = refused[1]
            else:
                item["form"] = EstablishSubjectForm(
                    candidates=item["candidates"], prefix=f"s{statement.pk}"
                )
    return items


class PersonCorrectionForm(PersonSubjectForm, AddressSubjectForm):
    """Correcting a person's data: the current values, changed where wrong, with a reason."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why the data were wrong and where the right data come from (e.g. the BRP). The old "
            "and new values are kept in the audit log."
        ),
    )

    field_order = [
        "bsn",
        "given_names",
        "surname_prefix",
        "surname",
        "date_of_birth",
        "postcode",
        "house_number",
        "house_number_addition",
        "street",
        "city",
        "reason",
    ]

    @classmethod
    def initial_for(cls, person) -> dict:
        initial = {
            "bsn": person.bsn,
            "given_names": person.given_names,
            "surname_prefix": person.surname_prefix,
            "surname": person.surname,
            "date_of_birth": person.date_of_birth,
        }
        if person.address:
            initial |= {
                "postcode": person.address.postcode,
                "house_number": person.address.house_number,
                "house_number_addition": person.address.house_number_addition,
                "street": person.address.street,
                "city": person.address.city,
            }
        return initial

    def clean(self):
        data = super().clean()
        if not (data.get("given_names") and data.get("surname")):
            raise forms.ValidationError(_("A person needs given names and a surname."))
        return data

    def correction(self) -> dict:
        data = self.cleaned_data
        address = None
        if self.has_address():
            address = {
                "postcode": data["postcode"],
                "house_number": data["house_number"],
                "addition": data.get("house_number_addition", ""),
                "street": data.get("street", ""),
                "city": data.get("city", ""),
            }
        return {
            "reason": data["reason"],
            "address": address,
            **{
                name: data.get(name) or ("" if name != "date_of_birth" else None)
                for name in ("bsn", "given_names", "surname_prefix", "surname", "date_of_birth")
            },
        }
