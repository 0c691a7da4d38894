"""Drawing an area's outline on the map (Leaflet-Geoman, static/schakel/map-draw.js), in a real
browser under Schakel's Content-Security-Policy: an analyst (who may define areas) draws a
neighbourhood's outline and saves it; an existing outline loads as an editable shape whose corner
can be moved, and can be deleted. The textarea stays the form field the drawing writes into.

The maps are drawn without base-map tiles (the setting is empty).
"""

import json

import pytest

from schakel.analytics.polygons import geometry_to_rd, points_in_polygons
from schakel.areas.models import AreaBoundary
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.registry.models import Area
from tests.areas.conftest import BOX, square_geometry
from tests.browser.accessibility import Walk, check
from tests.browser.conftest import log_in
from tests.factories import make_user

pytestmark = pytest.mark.browser

MAP = "#area-map"


def _district_with_outline() -> Area:
    district = Area.objects.create(name="Wijk Noord", kind=Area.Kind.DISTRICT, cbs_code="WK099901")
    x_min, y_min, x_max, y_max = BOX
    AreaBoundary.objects.create(
        area=district,
        geometry=square_geometry(),
        x_min=x_min,
        y_min=y_min,
        x_max=x_max,
        y_max=y_max,
    )
    return district


def _watch_for_errors(page) -> list[str]:
    """Console errors and refused scripts (a CSP violation is reported on the console)."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _open_outline_form(page, area: Area) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/gebieden/{area.pk}/omtrek/")
    page.wait_for_selector(f"{MAP}[data-drawing='ready']")
    page.locator(MAP).scroll_into_view_if_needed()


def _tool(page, icon: str):
    """A Geoman toolbar button by its icon (polygon, rectangle, edit, drag, delete)."""
    return page.locator(f".leaflet-buttons-control-button:has(.leaflet-pm-icon-{icon})")


def _ring(geometry: dict) -> list[list[float]]:
    assert geometry["type"] == "Polygon", geometry
    return geometry["coordinates"][0]


def test_an_analyst_draws_a_neighbourhoods_outline_on_the_map_and_saves_it(page, settings):
    settings.SCHAKEL_MAP_TILE_URL = ""
    make_user(Role.ANALYST, K.MUNICIPALITY, "analist", "Gemeente")
    district = _district_with_outline()
    buurt = Area.objects.create(
        name="Buurt Noord", kind=Area.Kind.NEIGHBOURHOOD, cbs_code="BU09990101", parent=district
    )
    errors = _watch_for_errors(page)
    log_in(page, "analist")
    _open_outline_form(page, buurt)

    # The form opens on the district the neighbourhood lies in; nothing is drawn yet.
    assert page.locator("#id_outline").input_value() == ""
    assert page.locator(".area-outline").count() == 1
    assert page.locator("#area-map-draw-hint").is_visible()
    polygon_button = _tool(page, "polygon")
    assert polygon_button.get_attribute("aria-label")

    # Four corners inside the district (clear of the toolbar at the top left, and of the
    # district's edges that a corner would snap to), then a click on the first closes the shape.
    polygon_button.click()
    box = page.locator(MAP).bounding_box()
    corners = [(0.45, 0.45), (0.75, 0.45), (0.75, 0.75), (0.45, 0.75)]
    for fx, fy in corners + corners[:1]:
        page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
    page.wait_for_selector(f"{MAP}[data-drawn-polygons='1']")

    drawn = json.loads(page.locator("#id_outline").input_value())
    ring = _ring(drawn)
    assert len(ring) == 5 and ring[0] == ring[-1]
    status = page.locator("#area-map-draw-status")
    assert status.text_content() == status.get_attribute("data-drawn")
    # Screen order → map order: the first corner is the north-west one, the third south-east.
    (west, north), (east, south) = ring[0], ring[2]
    assert west < east and north > south

    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/gebieden/{buurt.pk}/")

    saved = AreaBoundary.objects.get(area=buurt).geometry
    assert saved == drawn
    district_rd = geometry_to_rd(square_geometry())
    corners_rd = geometry_to_rd(saved)[0][0]
    assert points_in_polygons(corners_rd[:, 0], corners_rd[:, 1], district_rd).all()
    assert errors == []


def test_an_existing_outline_loads_editable_a_moved_corner_is_saved_and_a_shape_can_be_deleted(
    page, settings
):
    settings.SCHAKEL_MAP_TILE_URL = ""
    make_user(Role.ANALYST, K.MUNICIPALITY, "analist", "Gemeente")
    x_min, y_min, x_max, y_max = BOX
    inner = (x_min + 250, y_min + 250, x_max - 250, y_max - 250)
    buurt = Area.objects.create(name="Buurt Zuid", kind=Area.Kind.NEIGHBOURHOOD)
    AreaBoundary.objects.create(
        area=buurt,
        geometry=square_geometry(inner),
        x_min=inner[0],
        y_min=inner[1],
        x_max=inner[2],
        y_max=inner[3],
    )
    before = _ring(square_geometry(inner))
    errors = _watch_for_errors(page)
    log_in(page, "analist")
    _open_outline_form(page, buurt)
    assert page.locator(f"{MAP}[data-drawn-polygons='1']").count() == 1
    assert page.locator("path.area-drawn").count() == 1

    # Edit mode: drag one corner 40 px to the right and 30 px down.
    _tool(page, "edit").click()
    vertex = page.locator(".marker-icon:not(.marker-icon-middle)").first
    vertex.wait_for()
    handle = vertex.bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 20, y + 15, steps=5)
    page.mouse.move(x + 40, y + 30, steps=5)
    page.mouse.up()
    _tool(page, "edit").click()  # edit mode off again

    edited = _ring(json.loads(page.locator("#id_outline").input_value()))
    moved = [
        p for p in edited[:-1] if min(abs(p[0] - q[0]) + abs(p[1] - q[1]) for q in before) > 1e-5
    ]
    assert len(moved) == 1, edited
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/gebieden/{buurt.pk}/")
    assert _ring(AreaBoundary.objects.get(area=buurt).geometry) == edited

    # Removal mode: a click on the shape deletes it, and the field is emptied with it.
    _open_outline_form(page, buurt)
    _tool(page, "delete").click()
    page.locator("path.area-drawn").click()
    page.wait_for_selector(f"{MAP}[data-drawn-polygons='0']")
    assert page.locator("#id_outline").input_value() == ""
    status = page.locator("#area-map-draw-status")
    assert status.text_content() == status.get_attribute("data-cleared")
    assert errors == []


def test_the_drawing_form_is_accessible(browser, live_server, transactional_db, settings):
    """axe (WCAG 2.1 AA) and reflow on the new-area form with the drawing tools; axe's script
    needs the CSP bypassed, so this runs in a context of its own."""
    from tests.conftest import install_default_configuration

    settings.SCHAKEL_MAP_TILE_URL = ""
    install_default_configuration()
    make_user(Role.ANALYST, K.MUNICIPALITY, "analist", "Gemeente")
    _district_with_outline()
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        log_in(page, "analist")
        page.goto("/gebieden/nieuw/")
        page.wait_for_selector(f"{MAP}[data-drawing='ready']")
        walk = Walk()
        check(page, "/gebieden/nieuw/", walk)
        assert not walk.findings, walk.report()
    finally:
        context.close()
