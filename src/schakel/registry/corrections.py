"""Correcting a person's data (AVG art. 16): name, date of birth, BSN and address.

A correction is deliberate: an authorised user (`policy.may_correct_person`) who may see the
person gives a reason, and the audit chain keeps the old and the new value of every changed field
(one entry with the reason, then one per field pointing to it), visible to the privacy officer.
The record itself holds only the new value. The BSN is validated as everywhere (11-test, unique).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record

from .models import Address, Person
from .services import find_or_create_address

CORRECTABLE_FIELDS = ("bsn", "given_names", "surname_prefix", "surname", "date_of_birth")
MAX_REASON_LENGTH = 400


def _address_label(address: Address | None) -> str:
    """Short enough that old and new fit one audit entry; the id finds the full record."""
    if address is None:
        return ""
    return (
        f"{address.postcode} {address.house_number}{address.house_number_addition} (#{address.pk})"
    )


def _value(value) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def correct_person(person: Person, *, by, reason: str, address: dict | None, **values) -> Person:
    """Apply a correction; `values` holds the CORRECTABLE_FIELDS, `address` the BAG fields of
    the new address (postcode, house_number, addition, street, city) or None for no address."""
    if not policy.may_correct_person(by):
        raise PermissionDenied(_("You may not correct a person's data."))
    if not Person.objects.visible_to(by).filter(pk=person.pk).exists():
        raise PermissionDenied(_("You may not correct a person's data."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the correction."))
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(_("The reason is too long."))
    person = (
        Person.objects.select_for_update(of=("self",)).select_related("address").get(pk=person.pk)
    )
    changes: dict[str, tuple[str, str]] = {}
    for name in CORRECTABLE_FIELDS:
        new = values[name]
        if _value(new) != _value(getattr(person, name)):
            changes[name] = (_value(getattr(person, name)), _value(new))
            setattr(person, name, new)
    new_address = find_or_create_address(**address) if address else None
    if (new_address.pk if new_address else None) != person.address_id:
        changes["address"] = (_address_label(person.address), _address_label(new_address))
        person.address = new_address
    if not changes:
        raise ValidationError(_("Nothing was changed."))
    person.full_clean()  # the BSN's 11-test and uniqueness, lengths
    person.save()
    reason_entry = record(
        by,
        AuditAction.CHANGE,
        obj=person,
        person=person,
        purpose=Purpose.CORRECTION,
        detail=f"correctie persoonsgegevens ({', '.join(changes)}); reden: {reason}",
    )
    for name, (old, new) in changes.items():
        record(
            by,
            AuditAction.CHANGE,
            obj=person,
            person=person,
            purpose=Purpose.CORRECTION,
            detail=f"correctie {name}: {old!r} -> {new!r} (reden: vermelding {reason_entry.pk})",
        )
    return person
