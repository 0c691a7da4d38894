"""Reading CBS district and neighbourhood boundaries (the *Wijk- en buurtkaart*) from a file.

CBS publishes the boundaries of every municipality (gemeente), district (wijk) and neighbourhood
(buurt) each year, through PDOK (docs/areas.md says where and how). This module reads such a file
— GeoJSON, or a GeoPackage (read with the standard library's sqlite3; no GDAL) — into `CbsArea`
records with a checked WGS84 outline; `areas.services.import_cbs_boundaries` writes them.

Which properties are read (names compared without regard to case):

- the area's own code: ``buurtcode``, else ``wijkcode``, else ``gemeentecode`` (the
  Wijk- en buurtkaart since 2021 and PDOK's OGC API), the older ``bu_code`` / ``wk_code`` /
  ``gm_code``, or ``statcode`` (CBS *gebiedsindelingen*). The most specific code present is the
  feature's own: a neighbourhood also carries its district's and municipality's codes. The
  code says the kind: ``BU`` + 8 digits a neighbourhood, ``WK`` + 6 a district, ``GM`` + 4 a
  municipality;
- its name: ``buurtnaam`` / ``wijknaam`` / ``gemeentenaam`` (as the kind), ``bu_naam`` /
  ``wk_naam`` / ``gm_naam``, or ``statnaam``;
- ``gemeentenaam`` also names a municipality that is not in the file (it is then created
  without an outline);
- ``water``: a feature marked ``JA`` is water only and is skipped.

The parent follows from the code, as CBS builds it: neighbourhood BU0999 01 02 lies in district
WK0999 01, which lies in municipality GM0999. Features with the same code (an area in parts) are
merged into one outline.

Coordinates are RD New (EPSG:28992, the CBS files) or WGS84 (PDOK's OGC API by default): a
GeoJSON file says which in its ``crs`` member, a GeoPackage in its spatial reference table;
without a ``crs`` member, coordinates beyond ±180 are taken as RD New. RD New is converted to
WGS84 (pyproj, `analytics.polygons`). Every problem is collected with the feature's number and
code, so one run lists them all.
"""

from __future__ import annotations

import json
import re
import sqlite3
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from schakel.analytics.polygons import rd_to_wgs84
from schakel.registry.models import Area

from .geojson import outline_from_geojson

RD_NEW, WGS84 = 28992, 4326
# An official outline may be detailed; this still keeps a runaway file out.
MAX_POSITIONS_PER_AREA = 250_000
MAX_ERRORS = 50

KIND_BY_PREFIX = {
    "GM": Area.Kind.MUNICIPALITY,
    "WK": Area.Kind.DISTRICT,
    "BU": Area.Kind.NEIGHBOURHOOD,
}
CODE_PATTERN = re.compile(r"GM\d{4}|WK\d{6}|BU\d{8}")
# The feature's own code, most specific first.
CODE_PROPERTIES = ("buurtcode", "bu_code", "wijkcode", "wk_code", "gemeentecode", "gm_code")
NAME_PROPERTIES = {
    Area.Kind.NEIGHBOURHOOD: ("buurtnaam", "bu_naam"),
    Area.Kind.DISTRICT: ("wijknaam", "wk_naam"),
    Area.Kind.MUNICIPALITY: ("gemeentenaam", "gm_naam"),
}


@dataclass
class CbsArea:
    """One area of the file, its outline in WGS84 (a checked GeoJSON Polygon or MultiPolygon)."""

    code: str
    kind: str
    name: str
    geometry: dict
    municipality_name: str = ""
    features: list[int] = field(default_factory=list)  # numbers of the features it came from

    @property
    def parent_code(self) -> str:
        """The enclosing district's or municipality's code ("" for a municipality)."""
        if self.kind == Area.Kind.NEIGHBOURHOOD:
            return "WK" + self.code[2:8]
        if self.kind == Area.Kind.DISTRICT:
            return "GM" + self.code[2:6]
        return ""


class BoundaryFileError(Exception):
    """The file cannot be imported; `errors` lists every reason (feature number and code)."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class _Feature:
    number: int  # 1-based, counted over the whole file (all layers of a GeoPackage)
    properties: dict
    geometry: dict | None
    srid: int
    blob: bytes | None = None  # a GeoPackage geometry, decoded only for an area that is kept


# --- Reading ---------------------------------------------------------------------------------


def read_boundaries(
    path: str | Path, *, municipalities: tuple[str, ...] = (), srid: int | None = None
) -> list[CbsArea]:
    """The areas in the file at `path`, in the order municipality, districts, neighbourhoods.

    `municipalities` ("GM0999" or "0999") keeps only their areas; `srid` (28992 or 4326)
    overrides what the file says about its coordinates. Raises BoundaryFileError."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise BoundaryFileError(
            [_("The file cannot be read: %(error)s") % {"error": error}]
        ) from None
    if head.startswith(b"SQLite format 3"):
        features = _geopackage_features(path)
    else:
        features = _geojson_features(path)
    if srid is not None:
        for feature in features:
            feature.srid = srid
    wanted = {_municipality_digits(m) for m in municipalities}
    return _areas(features, wanted)


def _municipality_digits(value: str) -> str:
    digits = value.strip().upper().removeprefix("GM")
    if not re.fullmatch(r"\d{4}", digits):
        raise BoundaryFileError(
            [_("%(value)s is not a municipality code: give GM + 4 digits.") % {"value": value}]
        )
    return digits


def _srid_from_crs_name(name: str) -> int | None:
    """EPSG code of a GeoJSON `crs` name: "EPSG:28992", "urn:ogc:def:crs:EPSG::28992",
    "http://www.opengis.net/def/crs/EPSG/0/28992", "urn:ogc:def:crs:OGC:1.3:CRS84"."""
    if name.upper().endswith("CRS84"):
        return WGS84
    match = re.search(r"(\d+)\s*$", name)
    return int(match.group(1)) if match else None


def _first_position(geometry) -> list | None:
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    while isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], list):
        coordinates = coordinates[0]
    return coordinates if isinstance(coordinates, list) and coordinates else None


def _geojson_features(path: Path) -> list[_Feature]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BoundaryFileError(
            [_("The file is neither GeoJSON (UTF-8) nor a GeoPackage.")]
        ) from None
    except ValueError as error:
        raise BoundaryFileError(
            [
                _("This is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": getattr(error, "lineno", "?"), "column": getattr(error, "colno", "?")}
            ]
        ) from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryFileError([_("The file must hold a GeoJSON FeatureCollection.")])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryFileError([_("The FeatureCollection has no features.")])
    crs_name = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if crs_name:
        srid = _srid_from_crs_name(str(crs_name))
        if srid not in (RD_NEW, WGS84):
            raise BoundaryFileError(
                [
                    _(
                        "The file's coordinates are in %(crs)s; give RD New (EPSG:28992) or "
                        "WGS84 (EPSG:4326)."
                    )
                    % {"crs": str(crs_name)[:80]}
                ]
            )
    else:
        srid = WGS84
        for feature in features:
            position = _first_position(
                feature.get("geometry") if isinstance(feature, dict) else None
            )
            if position and all(isinstance(v, int | float) for v in position[:2]):
                srid = RD_NEW if abs(position[0]) > 180 or abs(position[1]) > 90 else WGS84
                break
    result = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            result.append(_Feature(number, {}, None, srid))
            continue
        properties = feature.get("properties")
        result.append(
            _Feature(
                number,
                properties if isinstance(properties, dict) else {},
                feature.get("geometry"),
                srid,
            )
        )
    return result


# --- GeoPackage (OGC 12-128r18): SQLite tables with geometries as GeoPackage binary + WKB ----


def _geopackage_features(path: Path) -> list[_Feature]:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BoundaryFileError(
            [_("The GeoPackage cannot be opened: %(error)s") % {"error": error}]
        ) from None
    try:
        try:
            layers = connection.execute(
                "SELECT c.table_name, g.column_name, g.srs_id, s.organization, "
                "s.organization_coordsys_id FROM gpkg_contents c "
                "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
                "LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id "
                "WHERE c.data_type = 'features' ORDER BY c.table_name"
            ).fetchall()
        except sqlite3.Error:
            raise BoundaryFileError([_("This SQLite file is not a GeoPackage.")]) from None
        if not layers:
            raise BoundaryFileError([_("The GeoPackage has no layer with features.")])
        features: list[_Feature] = []
        for table, column, _srs_id, organization, coordsys_id in layers:
            srid = coordsys_id if (organization or "").upper() == "EPSG" else None
            if srid not in (RD_NEW, WGS84):
                raise BoundaryFileError(
                    [
                        _("Layer %(layer)s is not in RD New (EPSG:28992) or WGS84 (EPSG:4326).")
                        % {"layer": table}
                    ]
                )
            cursor = connection.execute(f'SELECT * FROM "{_identifier(table)}"')  # noqa: S608
            names = [d[0] for d in cursor.description]
            for row in cursor:
                values = dict(zip(names, row, strict=True))
                blob = values.pop(column, None)
                features.append(
                    _Feature(len(features) + 1, values, None, srid, bytes(blob) if blob else None)
                )
        return features
    finally:
        connection.close()


def _identifier(name: str) -> str:
    return name.replace('"', '""')


_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _gpkg_geometry(blob: bytes) -> dict | None:
    """A GeoPackage geometry blob ("GP", version, flags, srs id, envelope, WKB) as GeoJSON."""
    if len(blob) < 8 or blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry")
    flags = blob[3]
    if flags & 0b10000:  # the empty-geometry flag
        return None
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if envelope is None:
        raise ValueError("unknown envelope")
    geometry, _end = _wkb(blob, 8 + envelope)
    return geometry


def _wkb(data: bytes, offset: int) -> tuple[dict, int]:
    """One (ISO or extended) WKB Polygon or MultiPolygon at `offset`, and the offset after it."""
    order = "<" if data[offset] == 1 else ">"
    (code,) = struct.unpack_from(order + "I", data, offset + 1)
    offset += 5
    has_z, has_m = bool(code & 0x80000000), bool(code & 0x40000000)
    if code & 0x20000000:  # an EWKB SRID
        offset += 4
    code &= 0x0FFFFFFF
    has_z = has_z or code // 1000 in (1, 3)
    has_m = has_m or code // 1000 in (2, 3)
    base, dimensions = code % 1000, 2 + has_z + has_m
    if base == 3:
        (n_rings,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        rings = []
        for _ring in range(n_rings):
            (n_points,) = struct.unpack_from(order + "I", data, offset)
            offset += 4
            points = np.frombuffer(
                data, dtype=order + "f8", count=n_points * dimensions, offset=offset
            ).reshape(n_points, dimensions)
            offset += 8 * n_points * dimensions
            rings.append(points[:, :2].tolist())
        return {"type": "Polygon", "coordinates": rings}, offset
    if base == 6:
        (n_polygons,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        polygons = []
        for _polygon in range(n_polygons):
            polygon, offset = _wkb(data, offset)
            if polygon["type"] != "Polygon":
                raise ValueError("a MultiPolygon holds something other than polygons")
            polygons.append(polygon["coordinates"])
        return {"type": "MultiPolygon", "coordinates": polygons}, offset
    raise ValueError(f"geometry type {base} is not a polygon")


# --- From features to areas ------------------------------------------------------------------


def _lowercase(properties: dict) -> dict:
    return {str(key).lower(): value for key, value in properties.items()}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _own_code(properties: dict) -> str:
    for name in CODE_PROPERTIES:
        if _text(properties.get(name)):
            return _text(properties[name]).upper()
    return _text(properties.get("statcode")).upper()


def _name(properties: dict, kind: str) -> str:
    for name in (*NAME_PROPERTIES[kind], "statnaam"):
        if _text(properties.get(name)):
            return _text(properties[name])[:200]
    return ""


def _to_wgs84(geometry: dict) -> dict:
    """An RD New GeoJSON (Multi)Polygon in WGS84, rounded to 7 decimals (about a centimetre)."""

    def ring(positions):
        points = np.asarray([p[:2] for p in positions], dtype=float)
        lon, lat = rd_to_wgs84(points[:, 0], points[:, 1])
        return [[round(float(a), 7), round(float(b), 7)] for a, b in zip(lon, lat, strict=True)]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["coordinates"]]}
    return {
        "type": "MultiPolygon",
        "coordinates": [[ring(r) for r in polygon] for polygon in geometry["coordinates"]],
    }


def _outline(feature: _Feature) -> dict:
    geometry = feature.geometry
    if feature.blob is not None:
        try:
            geometry = _gpkg_geometry(feature.blob)
        except (ValueError, struct.error, IndexError) as error:
            raise ValidationError(
                _("The geometry cannot be read (%(reason)s).") % {"reason": error}
            ) from None
    if not isinstance(geometry, dict):
        raise ValidationError(_("The Feature has no geometry."))
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(
            _("An area outline must be a Polygon or MultiPolygon, not a %(type)s.")
            % {"type": str(geometry.get("type"))[:40]}
        )
    if feature.srid == RD_NEW:
        try:
            geometry = _to_wgs84(geometry)
        except (TypeError, ValueError, IndexError):
            raise ValidationError(
                _("The geometry holds a position that is not a pair of numbers.")
            ) from None
    return outline_from_geojson(geometry, max_positions=MAX_POSITIONS_PER_AREA)


def _areas(features: list[_Feature], wanted: set[str]) -> list[CbsArea]:
    areas: dict[str, CbsArea] = {}
    errors: list[str] = []

    def fail(feature: _Feature, code: str, message: str) -> None:
        where = (
            _("Feature %(n)s (%(code)s)") % {"n": feature.number, "code": code}
            if code
            else _("Feature %(n)s") % {"n": feature.number}
        )
        errors.append(f"{where}: {message}")

    for feature in features:
        properties = _lowercase(feature.properties)
        code = _own_code(properties)
        if not code:
            fail(
                feature,
                "",
                _("it has no CBS code (a property buurtcode, wijkcode, gemeentecode or statcode)."),
            )
            continue
        if not CODE_PATTERN.fullmatch(code):
            fail(
                feature,
                code[:16],
                _("this is not a CBS code: use GM + 4, WK + 6 or BU + 8 digits."),
            )
            continue
        if wanted and code[2:6] not in wanted:
            continue
        if _text(properties.get("water")).upper() in ("JA", "J", "TRUE", "1"):
            continue
        kind = KIND_BY_PREFIX[code[:2]]
        name = _name(properties, kind)
        if not name:
            fail(
                feature, code, _("it has no name (buurtnaam, wijknaam, gemeentenaam or statnaam).")
            )
            continue
        try:
            outline = _outline(feature)
        except ValidationError as error:
            fail(feature, code, " ".join(error.messages))
            continue
        municipality_name = _text(properties.get("gemeentenaam") or properties.get("gm_naam"))
        known = areas.get(code)
        if known is None:
            areas[code] = CbsArea(
                code=code,
                kind=kind,
                name=name,
                geometry=outline,
                municipality_name=municipality_name[:200],
                features=[feature.number],
            )
        else:  # a second part of the same area
            known.geometry = _merged(known.geometry, outline)
            known.features.append(feature.number)
        if len(errors) >= MAX_ERRORS:
            errors.append(_("… and possibly more: the first %(n)s are shown.") % {"n": MAX_ERRORS})
            break
    if errors:
        raise BoundaryFileError(errors)
    if not areas:
        raise BoundaryFileError([_("The file holds no areas (of the chosen municipality).")])
    rank = {Area.Kind.MUNICIPALITY: 0, Area.Kind.DISTRICT: 1, Area.Kind.NEIGHBOURHOOD: 2}
    return sorted(areas.values(), key=lambda a: (rank[a.kind], a.code))


def _merged(first: dict, second: dict) -> dict:
    def polygons(geometry):
        if geometry["type"] == "Polygon":
            return [geometry["coordinates"]]
        return list(geometry["coordinates"])

    return {"type": "MultiPolygon", "coordinates": polygons(first) + polygons(second)}
