"""Owners tied to several problem premises in an area, named only where the user may see them."""

from django.db.models import Q

from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES
from schakel.registry.models import Address, Area, Business, Person

from ..models import Finding, Ownership
from .areas import area_case_filter, area_tree_ids


def problem_address_ids(tree: list[int]) -> set[int]:
    """Premises in the area with a finding or an open case (all data: only counted or matched
    against what the user may see, never listed as such)."""
    with_findings = Finding.objects.filter(
        Q(inspection__area_id__in=tree) | Q(address__area_id__in=tree)
    ).values_list("address", flat=True)
    open_cases = Case.objects.filter(area_case_filter(tree), status__in=OPEN_STATUSES).values("pk")
    with_cases = Address.objects.filter(cases__in=open_cases).values_list("pk", flat=True)
    return set(with_findings) | set(with_cases)


def owners_of_problem_addresses(user, area: Area, minimum: int = 2) -> dict:
    """Owners tied to at least `minimum` problem premises in the area.

    A person is named only when `Person.objects.visible_to` lets the user see them, a business only
    through `Business.objects.visible_to`; the other owners are counted without identity. For a
    named owner, only the premises the user may see are listed; the rest are a number.
    """
    tree = area_tree_ids(area)
    problems = problem_address_ids(tree)
    ownerships = Ownership.objects.filter(address_id__in=problems).values_list(
        "person_id", "business_id", "address_id"
    )
    by_owner: dict[tuple[str, int], set[int]] = {}
    for person_id, business_id, address_id in ownerships:
        key = ("person", person_id) if person_id else ("business", business_id)
        by_owner.setdefault(key, set()).add(address_id)
    repeated = {key: ids for key, ids in by_owner.items() if len(ids) >= minimum}
    person_ids = [pk for kind, pk in repeated if kind == "person"]
    business_ids = [pk for kind, pk in repeated if kind == "business"]
    persons = Person.objects.visible_to(user).in_bulk(person_ids)
    businesses = Business.objects.visible_to(user).in_bulk(business_ids)
    visible_address_ids = set(
        Address.objects.visible_to(user).filter(pk__in=problems).values_list("pk", flat=True)
    ) | set(
        Finding.objects.visible_to(user)
        .filter(address_id__in=problems)
        .values_list("address", flat=True)
    )
    addresses = Address.objects.in_bulk(visible_address_ids)
    rows, hidden = [], 0
    for (kind, pk), ids in sorted(repeated.items(), key=lambda item: -len(item[1])):
        owner = persons.get(pk) if kind == "person" else businesses.get(pk)
        if owner is None:
            hidden += 1
            continue
        shown = sorted((addresses[a] for a in ids if a in addresses), key=str)
        rows.append(
            {
                "kind": kind,
                "owner": owner,
                "count": len(ids),
                "addresses": shown,
                "unlisted": len(ids) - len(shown),
            }
        )
    return {"rows": rows, "hidden": hidden, "total": len(repeated)}
