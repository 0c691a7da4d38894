"""The maps of the hot-spot and emerging hot-spot pages: what they load, and their colours."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from schakel.analytics import emerging
from schakel.incidents import maps

pytestmark = pytest.mark.django_db


def map_config(response) -> dict:
    return response.context["map_config"]


def test_every_pattern_and_class_has_a_colour_and_a_label():
    config = maps.map_config()
    codes = set(emerging.PATTERN_CODES.values()) - {emerging.NO_PATTERN}
    assert tuple(maps.PATTERN_COLOURS) == emerging.PATTERNS
    assert set(config["colours"]["patterns"]) == codes
    assert set(config["labels"]["patterns"]) == codes | {emerging.NO_PATTERN}
    assert set(config["colours"]["classes"]) == {"3", "2", "1", "-1", "-2", "-3"}
    assert config["labels"]["patterns"]["persistent_hot"] == "Persistent hot spot"
    # Hot and cold patterns never share a colour: the map must tell them apart.
    colours = list(config["colours"]["patterns"].values())
    assert len(set(colours)) == len(colours)


def test_the_map_works_without_a_base_map(settings):
    settings.SCHAKEL_MAP_TILE_URL = ""
    assert maps.map_config()["tiles"] == ""


def test_hotspot_map_loads_the_cells_chosen_in_the_form(client, analist, incidents):
    client.force_login(analist)
    response = client.get(reverse("incidents:hotspots"), {"cell_size": 100, "category": "overlast"})
    (layer,) = map_config(response)["layers"]
    url = urlsplit(layer["url"])
    assert url.path == reverse("incidents:hotspots_geojson")
    assert parse_qs(url.query) == {"cell_size": ["100"], "category": ["overlast"]}
    page = response.content.decode()
    assert 'id="hotspot-map"' in page and 'id="map-config"' in page
    assert 'id="class-legend"' in page and "Hot spot, confidence 99%" in page
    data = client.get(layer["url"]).json()
    assert data["properties"]["cell_size"] == 100
    classes = {
        f["properties"]["cell_id"]: f["properties"]["hot_cold_class"] for f in data["features"]
    }
    assert classes["crs28992res100mN463700E155700"] == 3


def test_emerging_map_loads_the_patterns_chosen_in_the_form(client, analist, incidents):
    client.force_login(analist)
    response = client.get(reverse("incidents:emerging"), {"cell_size": 100, "period": "month"})
    (layer,) = map_config(response)["layers"]
    assert layer["kind"] == "patterns"
    assert urlsplit(layer["url"]).path == reverse("incidents:emerging_geojson")
    page = response.content.decode()
    for name in emerging.PATTERNS:
        assert f'data-pattern="{name}_hot"' in page and f'data-pattern="{name}_cold"' in page
    data = client.get(layer["url"]).json()
    patterns = {f["properties"]["cell_id"]: f["properties"]["pattern"] for f in data["features"]}
    assert patterns["crs28992res100mN463700E155700"] == "persistent_hot"


def test_without_incidents_there_is_no_map(client, analist):
    client.force_login(analist)
    for name in ("incidents:hotspots", "incidents:emerging"):
        page = client.get(reverse(name)).content.decode()
        assert 'id="map-config"' not in page, name


def test_the_map_configuration_cannot_break_out_of_its_script_element():
    hostile = "</script><b>"
    config = maps.map_config(layers=[maps.layer("hotspots", "classes", label=hostile)])
    page = render_to_string("web/map.html", {"map_config": config, "map_id": "test-map"})
    assert hostile not in page
    assert "<b>" not in page
    start = page.index('id="map-config"')
    body = page[page.index(">", start) + 1 : page.index("</script>", start)]
    assert json.loads(body)["layers"][0]["label"] == hostile
