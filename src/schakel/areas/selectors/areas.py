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


def orientation_outlines(area: Area | None) -> list[AreaBoundary]:
    """What to find one's way by when drawing `area`'s outline (None: a new area): the own
    outline of the nearest area it lies in, else those of the outermost outlined areas (the
    municipality). The area's own outline is not among them: that one is being edited."""
    ancestor, seen = (area.parent if area is not None else None), set()
    while ancestor is not None and ancestor.pk not in seen:
        seen.add(ancestor.pk)
        boundary = boundary_of(ancestor)
        if boundary is not None:
            return [boundary]
        ancestor = ancestor.parent
    outermost = AreaBoundary.objects.filter(area__parent=None).order_by("pk")
    if area is not None:
        outermost = outermost.exclude(area=area)
    return list(outermost[:20])


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


def innermost_area_names(xs, ys) -> list[str | None]:
    """The name of the smallest outlined area holding each point (RD New), or None.

    Registered with `incidents.cellnames` at start-up (`AreasConfig.ready`), so that the hot-spot
    cells of every page are named by their neighbourhood."""
    import numpy as np

    from schakel.analytics.polygons import geometry_to_rd, points_in_polygons

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    names: list[str | None] = [None] * len(x)
    if not len(x):
        return names
    sizes = np.full(len(x), np.inf)
    boundaries = AreaBoundary.objects.filter(
        x_min__lte=float(x.max()),
        x_max__gte=float(x.min()),
        y_min__lte=float(y.max()),
        y_max__gte=float(y.min()),
    ).select_related("area")
    for boundary in boundaries:
        size = (boundary.x_max - boundary.x_min) * (boundary.y_max - boundary.y_min)
        near = (
            (x >= boundary.x_min)
            & (x <= boundary.x_max)
            & (y >= boundary.y_min)
            & (y <= boundary.y_max)
            & (size < sizes)
        )
        if not near.any():
            continue
        index = np.flatnonzero(near)
        inside = points_in_polygons(x[index], y[index], geometry_to_rd(boundary.geometry))
        for i in index[inside]:
            names[i] = boundary.area.name
            sizes[i] = size
    return names
