"""Finding or registering persons, addresses and businesses without creating duplicates."""

from django.db import transaction

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record

from .models import Address, Person
from .validators import normalise_postcode


def find_or_create_address(
    *, postcode: str, house_number: int, addition: str = "", street: str = "", city: str = ""
) -> Address:
    postcode = normalise_postcode(postcode)
    addition = (addition or "").strip().upper()
    address, created = Address.objects.get_or_create(
        postcode=postcode,
        house_number=house_number,
        house_number_addition=addition,
        defaults={"street": street, "city": city},
    )
    if not created and (street and not address.street or city and not address.city):
        address.street = address.street or street
        address.city = address.city or city
        address.save()
    return address


@transaction.atomic
def find_or_create_person(
    *,
    by,
    given_names: str,
    surname: str,
    surname_prefix: str = "",
    bsn: str = "",
    date_of_birth=None,
    address: Address | None = None,
    purpose: Purpose = Purpose.SIGNAL_REGISTRATION,
) -> Person:
    """A person is the same person when the BSN matches; without BSN a new record is made
    (records are matched later, see the linkage component) — never merged on name alone."""
    person = Person.objects.filter(bsn=bsn).first() if bsn else None
    if person is None:
        person = Person(
            bsn=bsn,
            given_names=given_names,
            surname_prefix=surname_prefix,
            surname=surname,
            date_of_birth=date_of_birth,
            address=address,
        )
        person.full_clean()
        person.save()
        record(by, AuditAction.CREATE, obj=person, person=person, purpose=purpose)
    elif address is not None and person.address_id is None:
        person.address = address
        person.save(update_fields=["address"])
        record(by, AuditAction.CHANGE, obj=person, person=person, purpose=purpose)
    return person
