"""Finding persons: only among those in cases and signals the user may see."""

from django.db.models import Q
from django.http import Http404

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record_persons, record_read, record_shown

from .models import Person


def search_persons(user, query: str, limit: int = 50):
    query = query.strip()
    persons = Person.objects.visible_to(user).select_related("address")
    if query.isdigit() and len(query) == 9:
        persons = persons.filter(bsn=query)
    else:
        persons = persons.filter(Q(surname__icontains=query) | Q(given_names__icontains=query))
    results = list(persons.order_by("surname", "given_names")[:limit])
    record_read(
        user, AuditAction.SEARCH, object_type="registry.person", detail=f"{len(results)} resultaten"
    )
    record_persons(user, AuditAction.SEARCH, results, purpose=Purpose.PERSON_SEARCH)
    return results


def get_person_for_view(user, pk) -> Person:
    try:
        person = Person.objects.visible_to(user).select_related("address").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    record_read(user, AuditAction.VIEW, obj=person, person=person)
    return person


def person_involvement(user, person: Person) -> dict:
    """The cases and signals naming the person that the user may see.

    Read along the relations that `cases` and `intake` attach to Person (`person.cases`,
    `person.signals`), through those apps' own `visible_to` rules: the registry imports neither.
    """
    return {
        "cases": person.cases.visible_to(user).select_related("level"),
        "signals": person.signals.visible_to(user).select_related("category"),
    }


def match_candidates(user, statement) -> list[Person]:
    """Known persons a statement may be about — same BSN, or same date of birth and surname —
    among those the user may see. Shown only to those who decide (the Veiligheidshuis)."""
    if not statement.is_pending or not statement.has_person:
        return []
    rules = []
    if statement.bsn:
        rules.append(Q(bsn=statement.bsn))
    if statement.date_of_birth and statement.surname:
        rules.append(Q(date_of_birth=statement.date_of_birth, surname__iexact=statement.surname))
    if not rules:
        return []
    rule = rules[0]
    for more in rules[1:]:
        rule |= more
    return list(
        Person.objects.visible_to(user).filter(rule).select_related("address").order_by("pk")[:10]
    )


def statements_for_view(
    user, statements, *, full: bool, obj, candidates: bool = False
) -> list[dict]:
    """The reported subjects of a signal or case as this user may see them.

    Those who establish subjects (`full`) see every statement, its BSN in full and whom it was
    linked to; with `candidates`, also the candidate persons of open statements (each audited).
    A partner sees only its own organisation's statements, exactly as typed, BSN masked.
    """
    shown = []
    for statement in statements:
        if not full and statement.organisation_id != user.organisation_id:
            continue
        found = match_candidates(user, statement) if full and candidates else []
        if found:
            record_persons(user, AuditAction.VIEW, found, obj=obj, purpose=Purpose.SUBJECT_MATCHING)
        shown.append(
            {
                "statement": statement,
                "bsn": statement.bsn if full else statement.masked_bsn,
                "candidates": found,
                "person": statement.person if full else None,
                # The reporter learns that its report was handled, not whether the person was
                # already known (that would answer "is this BSN known?").
                "full": full,
            }
        )
    # A statement is personal data too: each one shown is audited, with the person it was linked
    # to (if any), in one write for the page.
    record_shown(
        user,
        AuditAction.VIEW,
        [
            (item["statement"], [item["statement"].person] if item["statement"].person_id else [])
            for item in shown
        ],
        purpose=Purpose.SUBJECT_MATCHING if full else Purpose.CASE_HANDLING,
    )
    return shown
