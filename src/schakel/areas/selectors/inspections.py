"""Joint inspections: the inspection, its findings the user may see, and addresses to visit."""

from django.http import Http404
from django.utils.translation import gettext as _

from schakel.intake.models import Signal
from schakel.registry.models import Address, Area

from ..models import Finding, JointInspection
from .areas import address_area_ids, require_area_approach


def get_inspection(user, pk) -> JointInspection:
    require_area_approach(user)
    try:
        return (
            JointInspection.objects.visible_to(user)
            .select_related("area", "plan", "host_organisation", "coordinator")
            .get(pk=pk)
        )
    except (JointInspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def inspection_findings(user, inspection: JointInspection):
    return (
        Finding.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related(
            "address",
            "organisation",
            "finding_type__intervention_type",
            "case",
            "intervention",
            "intervention__type",
        )
        .order_by("address__street", "address__house_number", "organisation__name")
    )


def address_choices(area: Area, user) -> list[tuple[int, str]]:
    """Addresses in the area for an inspection, marked where they come from: signal, prior
    finding. Only the address itself is shown, nothing about who lives there."""
    tree = address_area_ids(area)
    signalled = set(
        Signal.objects.visible_to(user)
        .filter(addresses__area_id__in=tree)
        .values_list("addresses", flat=True)
    )
    found = set(Finding.objects.filter(address__area_id__in=tree).values_list("address", flat=True))
    addresses = Address.objects.filter(area_id__in=tree)
    choices = []
    for address in addresses:
        marks = []
        if address.pk in signalled:
            marks.append(_("signal"))
        if address.pk in found:
            marks.append(_("prior finding"))
        label = str(address) + (f" ({', '.join(marks)})" if marks else "")
        choices.append((address.pk, label, bool(marks)))
    choices.sort(key=lambda c: (not c[2], c[1]))
    return [(pk, label) for pk, label, _marked in choices]
