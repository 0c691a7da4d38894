"""Finding persons: only among those in cases and signals the user may see."""

from django.db.models import Q
from django.http import Http404

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_persons

from .models import Person


def search_persons(user, query: str, limit: int = 50):
    query = query.strip()
    persons = Person.objects.visible_to(user).select_related("address")
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
        person = Person.objects.visible_to(user).select_related("address").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    record(user, AuditAction.VIEW, obj=person, person=person)
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
