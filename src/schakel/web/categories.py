"""The data-category choice beside every free text a partner may read.

Whoever writes a closing reason, a triage reason or a purpose of participation says which
category it belongs to, from the categories their own organisation may read; no default, so
that a care or justice text is not filed as general by leaving a field alone.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.access import policy
from schakel.organisations.models import DataCategory

HELP = _(
    "Who may read this text: general for every partner on the case; care, justice or tax only "
    "for partners with that grant."
)


def category_field(label=None, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label or _("Kind of information"), required=required, help_text=HELP
    )


def offer_categories(field: forms.ChoiceField, user) -> None:
    """The categories this user may write in, after an empty choice that must be changed."""
    allowed = policy.allowed_categories(user)
    field.choices = [("", "---------")] + [c for c in DataCategory.choices if c[0] in allowed]


def offer_own_categories(field: forms.ChoiceField, user) -> None:
    """The categories this user may write in, general first chosen (general alone without any)."""
    allowed = policy.allowed_categories(user) if user else frozenset()
    field.choices = [c for c in DataCategory.choices if c[0] in allowed] or [
        (DataCategory.GENERAL, DataCategory.GENERAL.label)
    ]


def preselect_only_choice(field: forms.ModelChoiceField) -> None:
    """With exactly one choice (one Veiligheidshuis in the region), choose it already."""
    if field.queryset.count() == 1:
        field.initial = field.queryset.first()


def require_category_with_text(form: forms.Form, text_field: str, category_field: str) -> None:
    """A text that is given needs its category; without the text, general is recorded."""
    data = form.cleaned_data
    if data.get(text_field, "").strip():
        if not data.get(category_field):
            form.add_error(category_field, _("Choose who may read this text."))
    else:
        data[category_field] = DataCategory.GENERAL
