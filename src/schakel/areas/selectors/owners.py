"""Owners tied to several problem premises — in an area, or across every area the user may
open — named only where the user may see them; and the businesses of the owner register."""

from django.db.models import Count, Q
from django.http import Http404

from schakel.access import policy
from schakel.cases.models import Case
from schakel.cases.workflow import OPEN_STATUSES
from schakel.registry.models import Address, Area, Business, Person

from ..models import Finding, Ownership
from .areas import area_case_filter, area_tree_ids, areas_for


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


def owners_across_areas(user, minimum: int = 2) -> dict:
    """Owners tied to at least `minimum` problem premises in all the areas the user may open,
    with the number of problem premises per area: an owner with problem premises in several
    neighbourhoods — on no single area's page with two — comes first.

    A premises counts for the area it lies in (its address's area, else the area of the
    inspection that found it or of an open case about it). Owners are named as on the area page (`Person.objects.visible_to`,
    `Business.objects.visible_to`); the others are counted without identity.
    """
    areas = {area.pk: area for area in areas_for(user).order_by()}
    tree = list(areas)
    if not tree:
        return {"rows": [], "hidden": 0, "total": 0}
    with_findings = Finding.objects.filter(
        Q(inspection__area_id__in=tree) | Q(address__area_id__in=tree)
    ).values("address_id")
    open_cases = Case.objects.filter(area_case_filter(tree), status__in=OPEN_STATUSES).values("pk")
    with_cases = Address.objects.filter(cases__in=open_cases).values("pk")
    ownerships = Ownership.objects.filter(
        Q(address_id__in=with_findings) | Q(address_id__in=with_cases)
    ).values_list("person_id", "business_id", "address_id", "address__area_id")
    by_owner: dict[tuple[str, int], dict[int, int | None]] = {}
    for person_id, business_id, address_id, area_id in ownerships:
        key = ("person", person_id) if person_id else ("business", business_id)
        by_owner.setdefault(key, {})[address_id] = area_id if area_id in areas else None
    repeated = {key: premises for key, premises in by_owner.items() if len(premises) >= minimum}
    _place_by_inspection(repeated, areas)
    persons = Person.objects.visible_to(user).in_bulk(
        [pk for kind, pk in repeated if kind == "person"]
    )
    businesses = Business.objects.visible_to(user).in_bulk(
        [pk for kind, pk in repeated if kind == "business"]
    )
    rows, hidden = [], 0
    for (kind, pk), premises in repeated.items():
        owner = persons.get(pk) if kind == "person" else businesses.get(pk)
        if owner is None:
            hidden += 1
            continue
        per_area: dict[int, int] = {}
        for area_id in premises.values():
            if area_id is not None:
                per_area[area_id] = per_area.get(area_id, 0) + 1
        rows.append(
            {
                "kind": kind,
                "owner": owner,
                "name": owner.full_name if kind == "person" else owner.name,
                "count": len(premises),
                "areas": sorted(
                    ({"area": areas[a], "count": n} for a, n in per_area.items()),
                    key=lambda item: (-item["count"], item["area"].name),
                ),
            }
        )
    rows.sort(key=lambda row: (-len(row["areas"]), -row["count"], row["name"]))
    return {"rows": rows, "hidden": hidden, "total": len(repeated)}


def _place_by_inspection(repeated: dict, areas: dict) -> None:
    """Premises whose address lies in no area the user may open take the area of an inspection
    that found something there, else the area of an open case about them."""
    unplaced = {a for premises in repeated.values() for a, area in premises.items() if area is None}
    if not unplaced:
        return
    tree = list(areas)
    found = (
        Finding.objects.filter(address_id__in=unplaced, inspection__area_id__in=tree)
        .order_by("address_id", "inspection_id")
        .values_list("address_id", "inspection__area_id")
    )
    tagged = (
        Case.addresses.through.objects.filter(
            address_id__in=unplaced, case__status__in=OPEN_STATUSES, case__areas__in=tree
        )
        .order_by("address_id", "case_id")
        .values_list("address_id", "case__areas")
    )
    place: dict[int, int] = {}
    for address_id, area_id in [*found, *tagged]:
        place.setdefault(address_id, area_id)
    for premises in repeated.values():
        for address_id, area_id in premises.items():
            if area_id is None and address_id in place:
                premises[address_id] = place[address_id]


def owner_register(user):
    """The businesses of the owner register, with the number of premises each owns; none for
    those who do not keep it."""
    if not policy.may_register_owners(user):
        return Business.objects.none()
    return (
        Business.objects.visible_to(user)
        .filter(registered_at__isnull=False)
        .select_related("address")
        .annotate(n_premises=Count("ownerships", distinct=True))
        .order_by("name", "pk")
    )


def get_registered_business(user, pk) -> Business:
    """A business of the owner register the user keeps; 404 for any other."""
    try:
        return owner_register(user).get(pk=pk)
    except (Business.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
