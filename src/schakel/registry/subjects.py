"""Turn the subject forms into persons and addresses (shared by signals and cases)."""

from schakel.audit.models import Purpose

from .services import find_or_create_address, find_or_create_person


def subjects_from_forms(person_form, address_form, *, by, purpose: Purpose):
    """Both forms must be valid. Returns (persons, addresses) lists."""
    addresses = []
    if address_form.has_address():
        a = address_form.cleaned_data
        addresses.append(
            find_or_create_address(
                postcode=a["postcode"],
                house_number=a["house_number"],
                addition=a.get("house_number_addition", ""),
                street=a.get("street", ""),
                city=a.get("city", ""),
            )
        )
    persons = []
    if person_form.has_person():
        p = person_form.cleaned_data
        persons.append(
            find_or_create_person(
                by=by,
                bsn=p.get("bsn", ""),
                given_names=p["given_names"],
                surname_prefix=p.get("surname_prefix", ""),
                surname=p["surname"],
                date_of_birth=p.get("date_of_birth"),
                address=addresses[0] if addresses else None,
                purpose=purpose,
            )
        )
    return persons, addresses
