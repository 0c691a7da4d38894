"""Finding persons: only among those in cases and signals the user may see."""

from django.db.models import Q
from django.http import Http404

from schakel.access import policy
from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_persons

from .models import Person


def search_persons(user, query: str, limit: int = 50):
    query = query.strip()
    persons = policy.visible_persons(user).select_related("address")
    if query.isdigit() and len(query) == 9:
        persons = persons.filter(bsn=query)
    else:
        persons = persons.filter(Q(surname__icontains=query) | Q(given_names__icontains=query))
    results = list(persons.order_by("surname", "given_names")[:limit])
    record(
        user, AuditAction.SEARCH, object_type="registry.person", detail=f"{len(results)} resultaten"
    )
    record_persons(user, AuditAction.SEARCH, results, purpose=Purpose.PERSON_SEARCH)
    return results


def get_person_for_view(user, pk) -> Person:
    try:
        person = policy.visible_persons(user).select_related("address").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    record(user, AuditAction.VIEW, obj=person, person=person)
    return person


def person_involvement(user, person: Person) -> dict:
    return {
        "cases": policy.visible_cases(user).filter(persons=person).select_related("level"),
        "signals": policy.visible_signals(user).filter(persons=person).select_related("category"),
    }
