"""Views calling a service for what the user submitted: a form, or a button without one.

Views stay thin: they parse, call one service, and tell the user what came of it. A service
refuses a change by raising ValidationError or PermissionDenied; here that refusal becomes
something the user reads, never a 500.

    form = StatusForm(request.POST, case=case, user=user)
    if submit(request, form, lambda data: services.change_status(case, by=user, **data),
              success=_("The status has been changed.")):
        return redirect("cases:detail", case.pk)
    return render(..., {"form": form}, status=400)
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .errors import add_service_error, service_error_text

# A success message: a text, or a function of the service's result that returns one.
Success = str | Callable[[Any], str] | None


@dataclass(frozen=True)
class Outcome:
    """What came of calling a service: `ok` (also the outcome's truth value) and its `result`."""

    ok: bool
    result: Any = None

    def __bool__(self) -> bool:
        return self.ok


def _show_success(request, success: Success, result) -> None:
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)


def submit(request, form, action: Callable[[dict], Any], success: Success = None) -> Outcome:
    """Validate `form`, then call `action(form.cleaned_data)`, which calls one service.

    Accepted: the success message is shown and the outcome is true; the caller redirects.
    An invalid or unbound form, or a refusal by the service (put on the form as a non-field
    error), gives a false outcome; the caller shows the form again, with status 400.
    """
    if not form.is_valid():
        return Outcome(ok=False)
    try:
        result = action(form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        add_service_error(form, error)
        return Outcome(ok=False)
    _show_success(request, success, result)
    return Outcome(ok=True, result=result)


def run_with_message(request, action: Callable[[], Any], success: Success) -> Outcome:
    """Call a service for a button without a form: a success or error message, never a 500."""
    try:
        result = action()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, service_error_text(error))
        return Outcome(ok=False)
    _show_success(request, success, result)
    return Outcome(ok=True, result=result)


class DatalistInput(forms.TextInput):
    """A text box whose browser suggests from a list as one types (a `<datalist>`): a
    searchable picker without JavaScript, keyboard- and screen-reader friendly, instead of a
    dropdown of a hundred options (issue 12). `options` are (value, label) pairs."""

    template_name = "web/widgets/datalist.html"

    def __init__(self, attrs=None, options=()):
        super().__init__(attrs)
        self.options = list(options)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        datalist_id = f"{context['widget']['attrs'].get('id', name)}-options"
        context["widget"]["attrs"]["list"] = datalist_id
        context["widget"]["attrs"].setdefault("autocomplete", "off")
        context["widget"]["datalist_id"] = datalist_id
        context["widget"]["options"] = self.options
        return context


class CasePickerField(forms.ModelChoiceField):
    """A case typed by its reference (suggested with its title as one types), or given by its
    id (the API and older forms); only cases of the field's queryset — what the user may pick."""

    widget = DatalistInput

    def prepare_value(self, value):
        if hasattr(value, "reference"):
            return value.reference
        if value not in (None, "") and str(value).isdigit():
            case = self.queryset.filter(pk=value).first()
            return case.reference if case else value
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        token = text.split()[0] if text else ""
        found = self.queryset.filter(reference__iexact=token).first()
        if found is None and token.isdigit():
            found = self.queryset.filter(pk=token).first()
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return found


def address_key(address) -> str:
    """What one types to name an address: postcode and house number (with its addition)."""
    return f"{address.postcode} {address.house_number}{address.house_number_addition}"


_ADDRESS_TYPED = re.compile(r"^\s*(\d{4})\s?([A-Za-z]{2})\s+(\d+)\s*-?\s*([A-Za-z0-9]*)")


class AddressPickerField(forms.ModelChoiceField):
    """An address typed as postcode and house number, with suggestions searched on the server
    as one types (`search_url`, a POST: what is typed never lands in a URL; schakel.js fills
    the list). Only addresses of the field's queryset — what the user may pick — are accepted.
    Without JavaScript it is a plain text box that takes "9991 AB 12"."""

    widget = DatalistInput
    default_error_messages = {
        "invalid_choice": _(
            "Choose an address from the suggestions, or type its postcode and house number "
            "(for example 9991 AB 12)."
        )
    }

    def __init__(self, *args, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.set_search_url(search_url)

    def set_search_url(self, url: str) -> None:
        if url:
            self.widget.attrs["data-search-url"] = url

    def prepare_value(self, value):
        if hasattr(value, "postcode"):
            return address_key(value)
        if value not in (None, "") and str(value).isdigit():
            address = self.queryset.filter(pk=value).first()
            return address_key(address) if address else value
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text.isdigit():  # an address's id, as older forms and tests send it
            found = self.queryset.filter(pk=text).first()
            if found is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
            return found
        typed = _ADDRESS_TYPED.match(text)
        if typed is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        digits, letters, number, addition = typed.groups()
        found = self.queryset.filter(
            postcode=f"{digits}{letters.upper()}",
            house_number=int(number),
            house_number_addition__iexact=addition,
        ).first()
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return found


def address_suggestions(addresses, typed: str, limit: int = 20) -> list[dict[str, str]]:
    """Up to `limit` of `addresses` that match what was typed: a postcode (with or without its
    space, also its start), a street, or a postcode and number — for AddressPickerField."""
    text = " ".join(typed.split())[:100]
    if len(text) < 2:
        return []
    compact = text.replace(" ", "").upper()
    typed_address = _ADDRESS_TYPED.match(text)
    if typed_address:
        digits, letters, number, _addition = typed_address.groups()
        matches = addresses.filter(postcode=f"{digits}{letters.upper()}", house_number=int(number))
    else:
        matches = addresses.filter(Q(postcode__startswith=compact[:6]) | Q(street__icontains=text))
    rows = matches.order_by("postcode", "house_number", "house_number_addition")[:limit]
    return [{"value": address_key(a), "label": str(a)} for a in rows]
