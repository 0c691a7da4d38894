"""Turn the subject forms into the reporter's statement (shared by signals and cases)."""

from .services import record_statement


def statement_from_forms(person_form, address_form, *, by):
    """Both forms must be valid. The `ReportedSubject` as typed, or None when both are empty.

    No person is looked up: the Veiligheidshuis establishes who the statement is about.
    """
    person = person_form.cleaned_data if person_form.has_person() else None
    address = address_form.cleaned_data if address_form.has_address() else None
    return record_statement(by=by, person=person, address=address)
