"""`manage.py import_area_boundaries`: CBS districts and neighbourhoods with their outlines, from
GeoJSON or a GeoPackage, all or nothing, found again by their CBS code on a second import."""

import json
import sqlite3
import struct
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from schakel.analytics.polygons import geometry_to_rd, points_in_polygons, rd_to_wgs84
from schakel.areas.cbs_boundaries import read_boundaries
from schakel.areas.models import AreaBoundary
from schakel.audit.models import AuditEntry
from schakel.demo import content as demo_content
from schakel.demo import incidents as demo_incidents
from schakel.demo.areas import BOUNDARIES_FILE
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.registry.models import Area
from tests.factories import make_user

RD_NEW = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
MUNICIPALITY = {"gemeentecode": "GM0999", "gemeentenaam": "Lindewaard", "water": "NEE"}


def box(x_min, y_min, x_max, y_max):
    return [[x_min, y_min], [x_max, y_min], [x_max, y_max], [x_min, y_max], [x_min, y_min]]


def polygon(ring):
    return {"type": "Polygon", "coordinates": [ring]}


def feature(properties, geometry):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def wijk(code, name, ring):
    return feature({"wijkcode": code, "wijknaam": name, **MUNICIPALITY}, polygon(ring))


def buurt(code, name, ring):
    properties = {"buurtcode": code, "buurtnaam": name, "wijkcode": "WK" + code[2:8]}
    return feature({**properties, **MUNICIPALITY}, polygon(ring))


def cbs_file(tmp_path, features, *, crs=RD_NEW, name="wijkenbuurten.geojson"):
    data = {"type": "FeatureCollection", "features": features}
    if crs:
        data["crs"] = crs
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def two_districts():
    """Municipality GM0999, districts 01 and 02, three neighbourhoods (RD New, CBS names)."""
    return [
        feature(MUNICIPALITY, polygon(box(180_000, 560_000, 184_000, 564_000))),
        wijk("WK099901", "Binnenstad", box(180_000, 562_000, 184_000, 564_000)),
        wijk("WK099902", "Zuid", box(180_000, 560_000, 184_000, 562_000)),
        buurt("BU09990101", "Oude Markt", box(180_000, 562_000, 182_000, 564_000)),
        buurt("BU09990102", "Stationskwartier", box(182_000, 562_000, 184_000, 564_000)),
        buurt("BU09990201", "Molenbuurt", box(180_000, 560_000, 184_000, 562_000)),
    ]


def run(path, *args):
    out = StringIO()
    call_command("import_area_boundaries", path, *args, stdout=out)
    return out.getvalue()


def failure(path, *args) -> str:
    with pytest.raises(CommandError) as caught:
        run(path, *args)
    return str(caught.value)


def corners_in_rd(area: Area):
    return geometry_to_rd(area.boundary.geometry)[0][0]


def test_a_cbs_file_in_rd_new_creates_the_areas_with_outlines_in_wgs84_and_their_parents(
    db, tmp_path
):
    output = run(cbs_file(tmp_path, two_districts()))

    assert "6 areas with outlines imported: 6 new, 0 updated" in output
    gemeente = Area.objects.get(cbs_code="GM0999")
    assert (gemeente.name, gemeente.kind, gemeente.parent) == ("Lindewaard", "gemeente", None)
    centrum = Area.objects.get(cbs_code="WK099901")
    assert (centrum.name, centrum.kind, centrum.parent) == ("Binnenstad", "wijk", gemeente)
    station = Area.objects.get(cbs_code="BU09990102")
    assert (station.name, station.kind, station.parent) == ("Stationskwartier", "buurt", centrum)
    assert Area.objects.get(cbs_code="BU09990201").parent.cbs_code == "WK099902"
    # The outline is WGS84 (GeoJSON's order: longitude, latitude) of the RD New corners.
    ring = station.boundary.geometry["coordinates"][0]
    lon, lat = rd_to_wgs84([182_000, 184_000], [562_000, 562_000])
    assert ring[0] == pytest.approx([lon[0], lat[0]], abs=1e-6)
    assert ring[1] == pytest.approx([lon[1], lat[1]], abs=1e-6)
    assert corners_in_rd(station)[2] == pytest.approx([184_000, 564_000], abs=0.05)
    boundary = station.boundary
    assert (boundary.x_min, boundary.y_max) == (
        pytest.approx(182_000, abs=0.05),
        pytest.approx(564_000, abs=0.05),
    )
    entry = AuditEntry.objects.filter(object_type="registry.area").latest("pk")
    assert "6 nieuw" in entry.detail and entry.purpose == "gebiedsaanpak"


def test_a_bad_feature_is_named_by_number_and_code_and_nothing_is_written(db, tmp_path):
    features = two_districts()
    features[4]["geometry"] = {
        "type": "LineString",
        "coordinates": [[182_000, 562_000], [183_000, 563_000]],
    }
    features[5]["properties"]["buurtcode"] = "BU0999201"  # a digit short
    entries_before = AuditEntry.objects.count()

    message = failure(cbs_file(tmp_path, features))

    assert "Nothing imported" in message
    assert "Feature 5 (BU09990102)" in message and "LineString" in message
    assert "Feature 6 (BU0999201)" in message and "not a CBS code" in message
    assert not Area.objects.exists()
    assert not AreaBoundary.objects.exists()
    assert AuditEntry.objects.count() == entries_before


def test_one_bad_outline_among_good_ones_leaves_existing_areas_as_they_were(db, tmp_path):
    run(cbs_file(tmp_path, two_districts()))
    before = {a.cbs_code: (a.name, a.boundary.geometry) for a in Area.objects.all()}
    features = two_districts()
    features[1]["properties"]["wijknaam"] = "Centrum"
    # WGS84 degrees in a file that says RD New: the corners land far outside the Netherlands.
    features[3]["geometry"] = polygon(box(5.1, 52.0, 5.2, 52.1))

    message = failure(cbs_file(tmp_path, features))

    assert "Feature 4 (BU09990101)" in message and "outside the Netherlands" in message
    assert {a.cbs_code: (a.name, a.boundary.geometry) for a in Area.objects.all()} == before


def test_a_second_import_updates_names_parents_and_outlines_without_duplicates(db, tmp_path):
    # An area entered by hand with its CBS code is found, not duplicated.
    by_hand = Area.objects.create(name="Stationsbuurt", kind="buurt", cbs_code="BU09990102")
    run(cbs_file(tmp_path, two_districts()))
    features = two_districts()
    features[4]["properties"]["buurtnaam"] = "Stationsgebied"
    features[4]["geometry"] = polygon(box(182_500, 562_500, 184_000, 564_000))

    output = run(cbs_file(tmp_path, features, name="second.geojson"))

    assert "0 new, 6 updated" in output
    assert Area.objects.count() == 6
    assert AreaBoundary.objects.count() == 6
    by_hand.refresh_from_db()
    assert by_hand.name == "Stationsgebied"
    assert by_hand.parent.cbs_code == "WK099901"
    assert corners_in_rd(by_hand)[0] == pytest.approx([182_500, 562_500], abs=0.05)


def test_pdok_geojson_in_wgs84_with_statcode_and_statnaam(db, tmp_path):
    x, y = (
        [180_000, 184_000, 184_000, 180_000, 180_000],
        [562_000, 562_000, 564_000, 564_000, 562_000],
    )
    lon, lat = rd_to_wgs84(x, y)
    ring = [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]
    features = [
        feature({"statcode": "GM0999", "statnaam": "Lindewaard"}, polygon(ring)),
        feature({"statcode": "WK099901", "statnaam": "Binnenstad"}, polygon(ring)),
    ]
    run(cbs_file(tmp_path, features, crs=None))
    district = Area.objects.get(cbs_code="WK099901")
    assert district.parent.name == "Lindewaard"
    assert district.boundary.geometry["coordinates"][0] == ring  # WGS84 is taken as it is


def test_only_the_chosen_municipality_is_imported_and_water_is_skipped(db, tmp_path):
    other = {"gemeentecode": "GM0998", "gemeentenaam": "Elders", "water": "NEE"}
    features = two_districts() + [
        feature(other, polygon(box(190_000, 560_000, 191_000, 561_000))),
        feature(
            {**MUNICIPALITY, "buurtcode": "BU09990202", "buurtnaam": "Haven", "water": "JA"},
            polygon(box(181_000, 560_000, 182_000, 561_000)),
        ),
    ]
    run(cbs_file(tmp_path, features), "--municipality", "GM0999")
    assert set(Area.objects.values_list("cbs_code", flat=True)) == {
        "GM0999",
        "WK099901",
        "WK099902",
        "BU09990101",
        "BU09990102",
        "BU09990201",
    }


def test_a_neighbourhood_whose_district_is_missing_refuses_the_import(db, tmp_path):
    features = [buurt("BU09990301", "Havenkade", box(183_800, 560_000, 184_900, 564_000))]
    message = failure(cbs_file(tmp_path, features))
    assert "Feature 1 (BU09990301) lies in WK099903" in message
    assert not Area.objects.exists()


def test_a_district_creates_its_municipality_by_name_when_it_is_not_there(db, tmp_path):
    run(
        cbs_file(
            tmp_path, [wijk("WK099901", "Binnenstad", box(180_000, 562_000, 184_000, 564_000))]
        )
    )
    gemeente = Area.objects.get(cbs_code="GM0999")
    assert (gemeente.name, gemeente.kind) == ("Lindewaard", "gemeente")
    assert not AreaBoundary.objects.filter(area=gemeente).exists()
    assert Area.objects.get(cbs_code="WK099901").parent == gemeente


def test_a_user_named_on_the_command_line_must_be_allowed_to_define_areas(db, tmp_path):
    make_user(Role.PROFESSIONAL, K.POLICE, "wijkagent")
    analist = make_user(Role.ANALYST, K.MUNICIPALITY, "analist")
    path = cbs_file(tmp_path, two_districts())
    assert "may not define areas" in failure(path, "--username", "wijkagent")
    assert not Area.objects.exists()
    run(path, "--username", "analist")
    assert (
        AuditEntry.objects.filter(object_type="registry.area").latest("pk").user_id_ref
        == analist.pk
    )


def test_a_file_that_is_not_geojson_is_refused_with_a_reason(db, tmp_path):
    path = tmp_path / "kapot.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    assert "not valid JSON" in failure(str(path))
    path.write_text(json.dumps({"type": "Polygon", "coordinates": []}), encoding="utf-8")
    assert "FeatureCollection" in failure(str(path))


# --- GeoPackage ------------------------------------------------------------------------------


def gpkg_polygon(ring, srs_id=28992) -> bytes:
    """A GeoPackage geometry: header with an envelope (flags 0b0011: little endian, xy envelope)
    and an ISO WKB MultiPolygon of one polygon."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    header = b"GP" + bytes([0, 0b0011]) + struct.pack("<i", srs_id)
    header += struct.pack("<4d", min(xs), max(xs), min(ys), max(ys))
    points = b"".join(struct.pack("<2d", *p) for p in ring)
    polygon_wkb = struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(ring)) + points
    return header + struct.pack("<BII", 1, 6, 1) + polygon_wkb


def write_geopackage(path, layers):
    """A minimal GeoPackage: the tables the reader needs, one feature table per layer."""
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY,
            organization TEXT, organization_coordsys_id INTEGER, definition TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT,
            srs_id INTEGER);
        CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT,
            geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
        INSERT INTO gpkg_spatial_ref_sys VALUES ('Amersfoort / RD New', 28992, 'EPSG', 28992, '');
        """
    )
    for layer, rows in layers.items():
        columns = list(rows[0][0])
        db.execute(
            f'CREATE TABLE "{layer}" (fid INTEGER PRIMARY KEY, geom BLOB, '
            + ", ".join(f"{c} TEXT" for c in columns)
            + ")"
        )
        db.execute("INSERT INTO gpkg_contents VALUES (?, 'features', ?, 28992)", (layer, layer))
        db.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', 28992, 0, 0)",
            (layer,),
        )
        for properties, ring in rows:
            db.execute(
                f'INSERT INTO "{layer}" (geom, {", ".join(columns)}) '  # noqa: S608 (test data)
                f"VALUES (?{', ?' * len(columns)})",
                (gpkg_polygon(ring), *[properties[c] for c in columns]),
            )
    db.commit()
    db.close()


def test_a_geopackage_with_layers_for_districts_and_neighbourhoods(db, tmp_path):
    path = tmp_path / "wijkenbuurten_2024.gpkg"
    write_geopackage(
        path,
        {
            "wijken": [
                (
                    {"wijkcode": "WK099901", "wijknaam": "Binnenstad", **MUNICIPALITY},
                    box(180_000, 562_000, 184_000, 564_000),
                )
            ],
            "buurten": [
                (
                    {
                        "buurtcode": "BU09990101",
                        "buurtnaam": "Oude Markt",
                        "wijkcode": "WK099901",
                        **MUNICIPALITY,
                    },
                    box(180_000, 562_000, 182_000, 564_000),
                ),
                (
                    {
                        "buurtcode": "BU09990102",
                        "buurtnaam": "Stationskwartier",
                        "wijkcode": "WK099901",
                        **MUNICIPALITY,
                    },
                    box(182_000, 562_000, 184_000, 564_000),
                ),
            ],
        },
    )
    output = run(str(path))
    assert "3 areas with outlines imported: 3 new" in output
    station = Area.objects.get(cbs_code="BU09990102")
    assert station.parent.cbs_code == "WK099901"
    assert station.parent.parent.name == "Lindewaard"  # created from gemeentenaam
    assert station.boundary.geometry["type"] == "Polygon"
    assert corners_in_rd(station)[0] == pytest.approx([182_000, 562_000], abs=0.05)


def test_a_geopackage_written_by_gdal_reads_the_same_as_its_geojson(db, tmp_path):
    """Cross-check of the hand-written GeoPackage reader against GDAL's writer (pyogrio, a
    development dependency through esda; Schakel itself does not need it)."""
    geopandas = pytest.importorskip("geopandas")
    shapely_geometry = pytest.importorskip("shapely.geometry")
    features = two_districts()
    frame = geopandas.GeoDataFrame(
        [f["properties"] for f in features],
        geometry=[shapely_geometry.shape(f["geometry"]) for f in features],
        crs="EPSG:28992",
    )
    gpkg = tmp_path / "gdal.gpkg"
    frame.to_file(gpkg, layer="gebieden", driver="GPKG")

    from_gpkg = read_boundaries(gpkg)
    from_geojson = read_boundaries(cbs_file(tmp_path, features))

    assert [(a.code, a.name, a.parent_code) for a in from_gpkg] == [
        (a.code, a.name, a.parent_code) for a in from_geojson
    ]
    for a, b in zip(from_gpkg, from_geojson, strict=True):
        assert a.geometry == b.geometry


# --- The demo municipality's file ------------------------------------------------------------


def test_the_demo_municipalitys_file_matches_the_demo_areas_and_covers_the_incidents(db):
    cbs_areas = {a.code: a for a in read_boundaries(BOUNDARIES_FILE)}
    expected = {"GM0999": demo_content.CITY}
    for d_index, (district, neighbourhoods) in enumerate(demo_content.DISTRICTS, 1):
        expected[f"WK0999{d_index:02d}"] = district
        for n_index, (name, _digits, _streets) in enumerate(neighbourhoods, 1):
            expected[f"BU0999{d_index:02d}{n_index:02d}"] = name
    assert {code: a.name for code, a in cbs_areas.items()} == expected

    # Every incident lies in exactly one neighbourhood, and in the district that holds it.
    x_min, y_min, x_max, y_max = demo_incidents.EXTENT
    grid = [(x, y) for x in range(x_min + 50, x_max, 100) for y in range(y_min + 50, y_max, 100)]
    xs, ys = [p[0] for p in grid], [p[1] for p in grid]
    hits = {
        code: points_in_polygons(xs, ys, geometry_to_rd(a.geometry))
        for code, a in cbs_areas.items()
    }
    neighbourhoods = [code for code in hits if code.startswith("BU")]
    assert (sum(hits[code].astype(int) for code in neighbourhoods) == 1).all()
    assert hits["GM0999"].all()
    for code in neighbourhoods:
        assert (hits[code] <= hits["WK" + code[2:8]]).all(), code
    for hotspot in demo_incidents.PLANTED_HOTSPOTS:
        x, y = hotspot["centre"]
        assert (
            sum(
                bool(points_in_polygons([x], [y], geometry_to_rd(cbs_areas[c].geometry))[0])
                for c in neighbourhoods
            )
            == 1
        )


def test_an_unreadable_geopackage_geometry_is_named_and_nothing_is_written(db, tmp_path):
    path = tmp_path / "kapot.gpkg"
    rows = [
        (
            {"wijkcode": "WK099901", "wijknaam": "Binnenstad", **MUNICIPALITY},
            box(180_000, 562_000, 184_000, 564_000),
        ),
        (
            {"wijkcode": "WK099902", "wijknaam": "Zuid", **MUNICIPALITY},
            box(180_000, 560_000, 184_000, 562_000),
        ),
    ]
    write_geopackage(path, {"wijken": rows})
    db = sqlite3.connect(path)
    db.execute("UPDATE wijken SET geom = substr(geom, 1, 60) WHERE wijkcode = 'WK099902'")
    db.commit()
    db.close()

    message = failure(str(path))

    assert "Feature 2 (WK099902): The geometry cannot be read" in message
    assert not Area.objects.exists()
