"""Area outlines: GeoJSON is checked and every mistake is named."""

import json

import pytest
from django.core.exceptions import ValidationError

from schakel.analytics.polygons import geometry_to_rd, points_in_polygons, rd_to_wgs84, wgs84_to_rd
from schakel.areas.forms import AreaForm
from schakel.areas.geojson import parse_outline
from tests.areas.conftest import square_geometry


def messages_of(text: str) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_outline(text)
    return " ".join(caught.value.messages)


def test_a_polygon_in_wgs84_is_accepted_as_is():
    geometry = square_geometry()
    assert parse_outline(json.dumps(geometry)) == geometry


def test_a_feature_collection_becomes_one_multipolygon():
    first = square_geometry()
    second = square_geometry((185_000, 564_000, 186_000, 565_000))
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": first},
            {"type": "Feature", "properties": {}, "geometry": second},
        ],
    }
    outline = parse_outline(json.dumps(collection))
    assert outline["type"] == "MultiPolygon"
    assert len(outline["coordinates"]) == 2


def test_invalid_json_names_the_line_and_column():
    assert "not valid JSON" in messages_of('{"type": "Polygon",\n "coordinates": [')


def test_a_line_is_not_an_area():
    line = {"type": "LineString", "coordinates": [[5.1, 52.1], [5.2, 52.2]]}
    assert "Polygon or MultiPolygon, not a LineString" in messages_of(json.dumps(line))


def test_swapped_latitude_and_longitude_are_recognised():
    geometry = square_geometry()
    geometry["coordinates"][0] = [[lat, lon] for lon, lat in geometry["coordinates"][0]]
    assert "swapped" in messages_of(json.dumps(geometry))


def test_rd_metres_instead_of_degrees_are_refused():
    ring = [[183000, 564000], [184000, 564000], [184000, 565000], [183000, 564000]]
    assert "outside the Netherlands" in messages_of(
        json.dumps({"type": "Polygon", "coordinates": [ring]})
    )


def test_a_ring_must_be_closed():
    geometry = square_geometry()
    geometry["coordinates"][0] = geometry["coordinates"][0][:-1] + [[5.9, 53.1]]
    assert "not closed" in messages_of(json.dumps(geometry))


def test_a_ring_needs_four_positions_and_positions_are_numbers():
    assert "at least four positions" in messages_of(
        json.dumps({"type": "Polygon", "coordinates": [[[5.1, 52.1], [5.2, 52.1], [5.1, 52.1]]]})
    )
    bad = square_geometry()
    bad["coordinates"][0][1] = ["5.1", "52.1"]
    assert "pair of numbers" in messages_of(json.dumps(bad))


def test_a_degenerate_polygon_is_refused():
    ring = [[5.1, 52.1], [5.10001, 52.1], [5.10001, 52.10001], [5.1, 52.1]]  # about 1 m²
    assert "too small" in messages_of(json.dumps({"type": "Polygon", "coordinates": [ring]}))


def test_the_area_form_shows_the_geojson_error_on_the_field(db):
    form = AreaForm(data={"name": "Plein", "kind": "overig", "outline": '{"type": "Point"}'})
    assert not form.is_valid()
    assert "Polygon or MultiPolygon" in form.errors["outline"][0]


def test_points_in_polygon_honour_holes():
    outer = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    import numpy as np

    polygons = [[np.array(outer, float), np.array(hole, float)]]
    inside = points_in_polygons([1, 5, 11, 9.9], [1, 5, 5, 9.9], polygons)
    assert inside.tolist() == [True, False, False, True]


def test_rd_and_wgs84_conversions_round_trip():
    x, y = wgs84_to_rd(*rd_to_wgs84([155_000.0], [463_000.0]))
    assert abs(x[0] - 155_000) < 0.01 and abs(y[0] - 463_000) < 0.01
    polygons = geometry_to_rd(square_geometry())
    assert points_in_polygons([183_500], [564_500], polygons)[0]
    assert not points_in_polygons([182_900], [564_500], polygons)[0]
