"""Registering persons, addresses and what partners report about them.

A partner's report never looks a person up: what they typed is kept as a `ReportedSubject`
(`record_statement`), and only the Veiligheidshuis decides whether it is a person Schakel
already knows (`establish_person`). Only the bulk extracts the Veiligheidshuis loads
(`targets.registrations`) match on BSN, and create the persons they name through
`register_persons_from_trusted_extract`; `tests/architecture/test_trusted_bsn_lookup.py` keeps
every other caller out.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import policy
from schakel.access.errors import PermissionDenied, ValidationError, require
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_shown

from .models import Address, Business, Person, ReportedSubject
from .validators import normalise_postcode


def find_or_create_address(
    *, postcode: str, house_number: int, addition: str = "", street: str = "", city: str = ""
) -> Address:
    """The address record for a BAG key; an existing record is returned unchanged."""
    address, _created = Address.objects.get_or_create(
        postcode=normalise_postcode(postcode),
        house_number=house_number,
        house_number_addition=(addition or "").strip().upper(),
        defaults={"street": street, "city": city},
    )
    return address


@transaction.atomic
def record_statement(*, by, person: dict | None = None, address: dict | None = None):
    """Keep what a partner typed about a person and/or an address, as they typed it.

    The typed address is found or created as an address record (never changed); no person is
    looked up. Returns the `ReportedSubject`, or None when nothing was typed.
    """
    person, address = person or {}, address or {}
    if not any(person.values()) and not address.get("postcode"):
        return None
    statement = ReportedSubject(
        given_names=person.get("given_names") or "",
        surname_prefix=person.get("surname_prefix") or "",
        surname=person.get("surname") or "",
        bsn=person.get("bsn") or "",
        date_of_birth=person.get("date_of_birth"),
        reported_by=by,
        organisation=by.organisation,
    )
    if address.get("postcode"):
        statement.postcode = normalise_postcode(address["postcode"])
        statement.house_number = address["house_number"]
        statement.house_number_addition = (address.get("house_number_addition") or "").upper()
        statement.street = address.get("street") or ""
        statement.city = address.get("city") or ""
        statement.address = find_or_create_address(
            postcode=statement.postcode,
            house_number=statement.house_number,
            addition=statement.house_number_addition,
            street=statement.street,
            city=statement.city,
        )
    statement.save()
    return statement


@transaction.atomic
def establish_person(statement: ReportedSubject, *, by, person: Person | None = None) -> Person:
    """The Veiligheidshuis decides who a statement is about: a person it may see (`person`), or
    a new person registered from the statement. The existing record is never changed.

    The caller (the signal's or case's service) checks that `by` may decide for that signal or
    case; this function checks that the decision is still open and the person is visible.
    """
    statement = ReportedSubject.objects.select_for_update().get(pk=statement.pk)
    if not statement.is_pending:
        raise ValidationError(_("It has already been established who this report is about."))
    if not statement.has_person:
        raise ValidationError(_("This report names no person."))
    if person is not None:
        if not Person.objects.visible_to(by).filter(pk=person.pk).exists():
            raise PermissionDenied(_("You may not link this person."))
        statement.decision = ReportedSubject.Decision.LINKED
        action, detail = AuditAction.CHANGE, f"melding {statement.pk} gekoppeld aan persoon"
    else:
        person = _register_person_from(statement)
        statement.decision = ReportedSubject.Decision.NEW
        action, detail = AuditAction.CREATE, f"persoon geregistreerd uit melding {statement.pk}"
    statement.person = person
    statement.decided_by = by
    statement.decided_at = timezone.now()
    statement.save(update_fields=["person", "decision", "decided_by", "decided_at"])
    record(by, action, obj=person, person=person, purpose=Purpose.SUBJECT_MATCHING, detail=detail)
    return person


def _register_person_from(statement: ReportedSubject) -> Person:
    if not (statement.given_names and statement.surname):
        raise ValidationError(_("A new person needs at least given names and a surname."))
    bsn = statement.bsn
    if bsn and Person.objects.filter(bsn=bsn).exists():
        # A record the decider may not see holds this BSN (else it would have been a candidate):
        # register without it rather than reveal or touch that record; the statement keeps the
        # typed BSN, and record linkage can bring the two together (docs/decisions.md).
        bsn = ""
    person = Person(
        bsn=bsn,
        given_names=statement.given_names,
        surname_prefix=statement.surname_prefix,
        surname=statement.surname,
        date_of_birth=statement.date_of_birth,
        address=statement.address,
    )
    person.full_clean()
    person.save()
    return person


def register_persons_from_trusted_extract(
    persons: list[Person], *, by, purpose: Purpose = Purpose.REGISTRATION_IMPORT
) -> list[Person]:
    """For trusted bulk extracts the Veiligheidshuis loads (judicial registrations) only: create
    the new persons the extract names, in one insert, each audited, in one chained write.

    The caller has looked each BSN up in the registry (none of these exists yet). Never call it,
    nor that lookup, from a partner-facing path — it would tell the caller who holds a BSN.
    """
    for person in persons:
        person.clean_fields()  # BSN 11-test, plausible date of birth, lengths
    created = Person.objects.bulk_create(persons, batch_size=1000)
    record_shown(
        by, AuditAction.CREATE, [(person, [person]) for person in created], purpose=purpose
    )
    return created


# --- The owner register: businesses that own premises ---------------------------------------


class DuplicateBusiness(ValidationError):
    """A business with this KvK number is already in the register the user may see."""

    def __init__(self, existing: Business):
        super().__init__(
            _("A business with this KvK number is already registered: %(name)s.")
            % {"name": existing.name},
            code="duplicate_kvk",
        )
        self.existing = existing


def _refuse_visible_duplicate(by, kvk_number: str, *, other_than: Business | None = None):
    """One business per KvK number among those the user may see. A record with that number
    that they may not see (known only from a case of others) is neither revealed nor touched:
    the owner register gets its own record, as `_register_person_from` does with a BSN."""
    if not kvk_number:
        return
    duplicates = Business.objects.visible_to(by).filter(kvk_number=kvk_number)
    if other_than is not None:
        duplicates = duplicates.exclude(pk=other_than.pk)
    existing = duplicates.order_by("pk").first()
    if existing is not None:
        raise DuplicateBusiness(existing)


def _business_address(address: dict | None) -> Address | None:
    if not address or not address.get("postcode"):
        return None
    return find_or_create_address(
        postcode=address["postcode"],
        house_number=address["house_number"],
        addition=address.get("addition") or "",
        street=address.get("street") or "",
        city=address.get("city") or "",
    )


@transaction.atomic
def register_business(
    *, by, name: str, kvk_number: str, legal_form: str = "", address: dict | None = None
) -> Business:
    """Register a business in the owner register, so that it can be linked as the owner of
    premises; from then on every area director sees it (`BusinessQuerySet.visible_to`)."""
    require(policy.may_register_owners(by), _("You may not register businesses."))
    kvk_number = (kvk_number or "").strip()
    if not kvk_number:
        raise ValidationError(_("Enter the KvK number of the business."))
    _refuse_visible_duplicate(by, kvk_number)
    business = Business(
        name=(name or "").strip(),
        kvk_number=kvk_number,
        legal_form=legal_form or "",
        address=_business_address(address),
        registered_at=timezone.now(),
        registered_by=by,
    )
    business.full_clean()
    business.save()
    record(
        by,
        AuditAction.CREATE,
        obj=business,
        purpose=Purpose.AREA_OWNERS,
        detail="bedrijf geregistreerd als eigenaar",
    )
    return business


@transaction.atomic
def change_business(
    business: Business,
    *,
    by,
    name: str,
    kvk_number: str,
    legal_form: str = "",
    address: dict | None = None,
) -> Business:
    """Correct a business of the owner register. A business known only from a case is the
    Veiligheidshuis's record and is not changed here."""
    require(policy.may_register_owners(by), _("You may not register businesses."))
    business = Business.objects.select_for_update().get(pk=business.pk)
    require(
        business.registered_at is not None
        and Business.objects.visible_to(by).filter(pk=business.pk).exists(),
        _("This business is not in the owner register."),
    )
    kvk_number = (kvk_number or "").strip()
    if not kvk_number:
        raise ValidationError(_("Enter the KvK number of the business."))
    _refuse_visible_duplicate(by, kvk_number, other_than=business)
    new_values = {
        "name": (name or "").strip(),
        "kvk_number": kvk_number,
        "legal_form": legal_form or "",
        "address": _business_address(address),
    }
    changed = [field for field, value in new_values.items() if getattr(business, field) != value]
    if not changed:
        return business
    for field, value in new_values.items():
        setattr(business, field, value)
    business.full_clean()
    business.save(update_fields=changed)
    record(
        by,
        AuditAction.CHANGE,
        obj=business,
        purpose=Purpose.AREA_OWNERS,
        detail="gewijzigd: " + ", ".join(changed),
    )
    return business
