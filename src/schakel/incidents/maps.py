"""Colours and labels of the hot-spot maps, and the configuration that `schakel/maps.js` reads.

One place for the palette: the legends in the templates and the cell styles on the maps both read
it. Classes are the Gi* hot/cold classes (+3..-3, see `schakel.analytics.hotspots`); patterns
the emerging hot-spot patterns (``persistent_hot``, ``new_cold``, ``no_pattern``, see
`schakel.analytics.emerging`), the stable codes that the GeoJSON endpoints return.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.analytics import emerging

CLASS_LABELS = {
    3: gettext_lazy("Hot spot, confidence 99%"),
    2: gettext_lazy("Hot spot, confidence 95%"),
    1: gettext_lazy("Hot spot, confidence 90%"),
    0: gettext_lazy("Not significant"),
    -1: gettext_lazy("Cold spot, confidence 90%"),
    -2: gettext_lazy("Cold spot, confidence 95%"),
    -3: gettext_lazy("Cold spot, confidence 99%"),
}
CLASS_COLOURS = {
    3: "#b2182b",
    2: "#ef8a62",
    1: "#fddbc7",
    -1: "#d1e5f0",
    -2: "#67a9cf",
    -3: "#2166ac",
}

PATTERN_LABELS = {
    "new": gettext_lazy("New"),
    "consecutive": gettext_lazy("Consecutive"),
    "intensifying": gettext_lazy("Intensifying"),
    "persistent": gettext_lazy("Persistent"),
    "diminishing": gettext_lazy("Diminishing"),
    "sporadic": gettext_lazy("Sporadic"),
    "oscillating": gettext_lazy("Oscillating"),
    "historical": gettext_lazy("Historical"),
}
# (hot, cold) per pattern: warm colours for hot spots, cool ones for cold spots.
PATTERN_COLOURS = {
    "new": ("#e31a1c", "#1f78b4"),
    "consecutive": ("#fd8d3c", "#6baed6"),
    "intensifying": ("#67000d", "#08306b"),
    "persistent": ("#bd0026", "#2171b5"),
    "diminishing": ("#fed976", "#c6dbef"),
    "sporadic": ("#f768a1", "#41b6c4"),
    "oscillating": ("#ae017e", "#7570b3"),
    "historical": ("#a6761d", "#99a8b8"),
}


def pattern_label(name: str) -> str:
    """``persistent_hot`` → "Persistent hot spot" (translated); ``no_pattern`` → "No pattern"."""
    if name == emerging.NO_PATTERN:
        return _("No pattern")
    kind, side = name.rsplit("_", 1)
    label = PATTERN_LABELS[kind]
    return (
        _("%(pattern)s hot spot") % {"pattern": label}
        if side == "hot"
        else _("%(pattern)s cold spot") % {"pattern": label}
    )


def class_legend() -> list[dict]:
    """The legend of a hot-spot map: colour and label per significant class."""
    return [
        {"code": code, "colour": c, "label": CLASS_LABELS[code]}
        for code, c in CLASS_COLOURS.items()
    ]


def pattern_legend() -> list[dict]:
    """The legend of an emerging hot-spot map: per pattern its name and hot and cold colour."""
    return [
        {"name": name, "label": PATTERN_LABELS[name], "hot": hot, "cold": cold}
        for name, (hot, cold) in PATTERN_COLOURS.items()
    ]


def layer(
    layer_id: str,
    kind: str,
    *,
    label: str = "",
    url: str = "",
    data=None,
    shown=True,
    code_labels: dict | None = None,
):
    """One map layer: hot-spot cells (kind ``classes``), emerging cells (kind ``patterns``) or
    points of visible presence (kind ``presence``, with its `code_labels`), given inline (`data`,
    a FeatureCollection) or fetched from `url` when first shown."""
    return {
        "id": layer_id,
        "kind": kind,
        "label": label,
        "url": url,
        "data": data,
        "shown": shown,
        "labels": {str(k): str(v) for k, v in (code_labels or {}).items()},
    }


def map_config(*, layers=(), outline=None) -> dict:
    """What `schakel/maps.js` needs for one map (rendered with ``json_script``): base-map tiles
    (none when the setting is empty), the area outline, the layers, colours and labels."""
    patterns = {emerging.NO_PATTERN: pattern_label(emerging.NO_PATTERN)}
    colours = {}
    for name, (hot, cold) in PATTERN_COLOURS.items():
        patterns[f"{name}_hot"] = pattern_label(f"{name}_hot")
        patterns[f"{name}_cold"] = pattern_label(f"{name}_cold")
        colours[f"{name}_hot"], colours[f"{name}_cold"] = hot, cold
    return {
        "tiles": settings.SCHAKEL_MAP_TILE_URL,
        "attribution": "Kaartgegevens &copy; Kadaster / PDOK",
        "outline": outline,
        "layers": list(layers),
        "colours": {"classes": {str(k): v for k, v in CLASS_COLOURS.items()}, "patterns": colours},
        "labels": {
            "classes": {str(k): str(v) for k, v in CLASS_LABELS.items()},
            "patterns": patterns,
            "fields": {
                "date": _("Date"),
                "minutes": _("Minutes"),
                "organisation": _("Organisation"),
                "place": _("Where"),
                "cell_id": _("Cell"),
                "name": _("Cell"),
                "count": _("Incidents"),
                "gi_z": _("Gi* z"),
                "p_fdr": _("p (FDR)"),
                "hot_periods": _("Hot periods"),
                "cold_periods": _("Cold periods"),
                "trend_z": _("Trend z"),
                "trend_p": _("Trend p"),
            },
            "failed": _("This map layer could not be loaded."),
        },
    }
