"""Names of the objects in the audit log as people know them (issue 12): the kind in the reader's
language and, where the object has one, its reference or catalogue name — never a person's name.
One query per kind of object on the page, not one per entry."""

from collections import defaultdict

from django.apps import apps
from django.db.models import F

# object type -> the field (or path) that names an object of that kind without personal data
NAMES = {
    "cases.case": "reference",
    "intake.signal": "reference",
    "plans.intervention": "type__name",
    "conferences.conference": "title",
    "targets.targetlist": "name",
}


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def label_entries(entries) -> None:
    """Set `object_label` on each audit entry: "case C-2026-00113", "intervention Gezinscoaching",
    "candidate pair #12" (kinds in the active language)."""
    ids_by_type: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.object_type in NAMES and str(entry.object_id or "").isdigit():
            ids_by_type[entry.object_type].add(int(entry.object_id))
    names: dict[tuple[str, str], str] = {}
    for object_type, ids in ids_by_type.items():
        model = _model(object_type)
        if model is None:
            continue
        rows = model._base_manager.filter(pk__in=ids).values_list("pk", F(NAMES[object_type]))
        names.update({(object_type, str(pk)): str(name) for pk, name in rows})
    for entry in entries:
        model = _model(entry.object_type) if entry.object_type else None
        kind = str(model._meta.verbose_name) if model is not None else entry.object_type
        if not entry.object_id:
            entry.object_label = kind
        else:
            name = names.get((entry.object_type, str(entry.object_id)))
            entry.object_label = f"{kind} {name}" if name else f"{kind} #{entry.object_id}"
