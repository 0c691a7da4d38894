"""Areas: which a user may open, the areas inside one, its outline and its premises."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404

from schakel.access import policy
from schakel.registry.models import Address, Area

from ..models import AreaBoundary


def areas_for(user):
    if not policy.may_use_area_approach(user):
        return Area.objects.none()
    return Area.objects.select_related("parent", "boundary").annotate(
        n_plans=Count("plans", distinct=True)
    )


def require_area_approach(user) -> None:
    if not policy.may_use_area_approach(user):
        raise PermissionDenied


def get_area(user, pk) -> Area:
    require_area_approach(user)
    try:
        return areas_for(user).get(pk=pk)
    except (Area.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def area_tree_ids(area: Area) -> list[int]:
    """The area and every area inside it (districts hold neighbourhoods)."""
    ids, frontier = [area.pk], [area.pk]
    while frontier:
        frontier = list(Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.extend(frontier)
    return ids


def boundary_of(area: Area) -> AreaBoundary | None:
    try:
        return area.boundary
    except AreaBoundary.DoesNotExist:
        return None


def area_outlines(area: Area) -> list[AreaBoundary]:
    """The outlines that make up the area: its own, or else those of the areas inside it (a
    district without an outline is the sum of its drawn neighbourhoods). Empty when none of
    them has an outline: incidents have only a point, so such an area cannot be analysed."""
    own = boundary_of(area)
    if own is not None:
        return [own]
    return list(AreaBoundary.objects.filter(area_id__in=area_tree_ids(area)[1:]).order_by("pk"))


def address_area_ids(area: Area) -> list[int]:
    """The areas whose addresses count as the area's premises. Addresses are registered per
    neighbourhood; an area drawn inside one (no CBS code, an outline, a parent) has no addresses
    of its own, so it takes those of the area it lies in."""
    tree = area_tree_ids(area)
    if (
        not area.cbs_code
        and area.parent_id
        and not Address.objects.filter(area_id__in=tree).exists()
    ):
        tree = tree + area_tree_ids(area.parent)
    return tree


def addresses_in(area: Area):
    return Address.objects.filter(area_id__in=address_area_ids(area))


def area_case_filter(tree: list[int]) -> Q:
    """Cases about the areas of `tree`: tagged with one, or at an address in one."""
    return Q(areas__in=tree) | Q(addresses__area_id__in=tree)
