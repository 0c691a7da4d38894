"""Validating an area outline given as GeoJSON (pasted, or drawn on the map).

Accepts a Polygon or MultiPolygon geometry, a Feature with one, or a FeatureCollection of them
(merged into one MultiPolygon), in WGS84 longitude/latitude as GeoJSON prescribes (RFC 7946).
Every problem is reported as a translatable message that says what to fix.
"""

import json
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from schakel.analytics.polygons import geometry_to_rd, ring_area

MAX_CHARACTERS = 500_000
MAX_POSITIONS = 20_000
# Where RD New (EPSG:28992) is defined: the Netherlands and a margin around it.
LON_RANGE = (2.5, 7.6)
LAT_RANGE = (50.5, 53.9)
MIN_AREA_M2 = 100.0


def _positions(ring, where: str) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValidationError(
            _("%(where)s needs at least four positions (a closed ring of three corners).")
            % {"where": where}
        )
    checked = []
    for position in ring:
        if (
            not isinstance(position, list)
            or len(position) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
            or not all(math.isfinite(v) for v in position[:2])
        ):
            raise ValidationError(
                _(
                    "%(where)s contains a position that is not a pair of numbers [longitude, latitude]."
                )
                % {"where": where}
            )
        lon, lat = float(position[0]), float(position[1])
        if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
            if LON_RANGE[0] <= lat <= LON_RANGE[1] and LAT_RANGE[0] <= lon <= LAT_RANGE[1]:
                raise ValidationError(
                    _(
                        "%(where)s has latitude and longitude swapped: GeoJSON lists longitude "
                        "first, e.g. [5.12, 52.09]."
                    )
                    % {"where": where}
                )
            raise ValidationError(
                _(
                    "%(where)s lies outside the Netherlands. Give WGS84 longitude and latitude "
                    "(e.g. [5.12, 52.09]), not RD New metres."
                )
                % {"where": where}
            )
        checked.append([lon, lat])
    if checked[0] != checked[-1]:
        raise ValidationError(
            _("%(where)s is not closed: its last position must equal its first.") % {"where": where}
        )
    return checked


def _polygon(coordinates, number: int) -> list[list[list[float]]]:
    if not isinstance(coordinates, list) or not coordinates:
        raise ValidationError(_("Polygon %(n)s has no rings.") % {"n": number})
    rings = []
    for index, ring in enumerate(coordinates):
        where = (
            _("The outer ring of polygon %(n)s") % {"n": number}
            if index == 0
            else _("Hole %(h)s of polygon %(n)s") % {"h": index, "n": number}
        )
        rings.append(_positions(ring, where))
    return rings


def _geometries(data) -> list[dict]:
    if not isinstance(data, dict) or "type" not in data:
        raise ValidationError(_('This is not GeoJSON: an object with a "type" is expected.'))
    kind = data["type"]
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or not features:
            raise ValidationError(_("The FeatureCollection has no features."))
        geometries = []
        for feature in features:
            geometries.extend(_geometries(feature))
        return geometries
    if kind == "Feature":
        geometry = data.get("geometry")
        if geometry is None:
            raise ValidationError(_("The Feature has no geometry."))
        return _geometries(geometry)
    if kind in {"Polygon", "MultiPolygon"}:
        if "coordinates" not in data:
            raise ValidationError(_("The geometry has no coordinates."))
        return [data]
    raise ValidationError(
        _("An area outline must be a Polygon or MultiPolygon, not a %(type)s.")
        % {"type": str(kind)[:40]}
    )


def parse_outline(text: str) -> dict:
    """The outline as a normalised GeoJSON geometry (Polygon or MultiPolygon), or ValidationError."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Paste or draw an outline."))
    if len(text) > MAX_CHARACTERS:
        raise ValidationError(_("The outline is too large; simplify it first."))
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ValidationError(
            _("This is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": getattr(error, "lineno", "?"), "column": getattr(error, "colno", "?")}
        ) from None
    return outline_from_geojson(data)


def outline_from_geojson(data, *, max_positions: int = MAX_POSITIONS) -> dict:
    """Parsed GeoJSON as a normalised outline, checked as `parse_outline` checks pasted text.

    The CBS boundaries import passes a higher `max_positions`: official outlines are detailed,
    and are not typed into a form."""
    polygons = []
    for geometry in _geometries(data):
        coordinates = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons.append(_polygon(coordinates, len(polygons) + 1))
        else:
            if not isinstance(coordinates, list) or not coordinates:
                raise ValidationError(_("The MultiPolygon has no polygons."))
            for polygon in coordinates:
                polygons.append(_polygon(polygon, len(polygons) + 1))
    if sum(len(ring) for polygon in polygons for ring in polygon) > max_positions:
        raise ValidationError(_("The outline is too large; simplify it first."))
    outline = (
        {"type": "Polygon", "coordinates": polygons[0]}
        if len(polygons) == 1
        else {"type": "MultiPolygon", "coordinates": polygons}
    )
    for number, polygon in enumerate(geometry_to_rd(outline), start=1):
        if ring_area(polygon[0]) < MIN_AREA_M2:
            raise ValidationError(
                _("Polygon %(n)s is too small or its corners lie on one line.") % {"n": number}
            )
    return outline
