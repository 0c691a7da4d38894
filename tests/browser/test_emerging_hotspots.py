"""In a real browser: an analyst imports a year of incidents and sees the hot spots and the
emerging hot spots on the maps, and the emerging hot spots as a second layer on an area map.

The maps are drawn without base-map tiles (the setting is empty) and need no network: the cells
are SVG paths that carry their stable codes (data-class, data-pattern). Elements are found by id
and code; the Dutch texts asserted are existing translations.
"""

import datetime
import json
import random

import pytest
from django.utils import timezone

from schakel.areas import services
from schakel.incidents.models import Incident
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from tests.areas.conftest import BOX, square_geometry
from tests.browser.conftest import log_in
from tests.factories import make_user

pytestmark = pytest.mark.browser

PERSISTENT_CELL = "crs28992res100mN564400E183400"


def month_start(months_back: int) -> datetime.date:
    day = timezone.localdate().replace(day=1)
    for _ in range(months_back):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


def incident_csv(path) -> str:
    """The last twelve full months over a 1 km square: background, a cluster in every month
    (a persistent hot spot) and one in the last month only (a new hot spot)."""
    rng = random.Random(3)
    x_min, y_min, x_max, y_max = BOX
    rows = ["id,datetime,category,x,y"]

    def add(month, x, y):
        rows.append(
            f"R-{len(rows)},{month + datetime.timedelta(days=14)} 12:00,overlast,{x:.1f},{y:.1f}"
        )

    for back in range(1, 13):
        month = month_start(back)
        for _ in range(40):
            add(month, rng.uniform(x_min, x_max), rng.uniform(y_min, y_max))
        for _ in range(40):
            add(month, 183_300 + rng.uniform(0, 200), 564_300 + rng.uniform(0, 200))
    for _ in range(40):
        add(month_start(1), 183_600 + rng.uniform(0, 200), 564_700 + rng.uniform(0, 200))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def popup_of(page, cell):
    cell.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    return popup.inner_text()


def test_analyst_sees_hot_spots_and_emerging_hot_spots_on_the_maps(page, settings, tmp_path):
    settings.SCHAKEL_MAP_TILE_URL = ""
    analist = make_user(Role.ANALYST, K.MUNICIPALITY, "analist", "Gemeente")
    area = services.define_area(
        by=analist,
        name="Lindehof",
        kind="buurt",
        cbs_code="BU09990301",
        outline=json.dumps(square_geometry()),
    )

    # 1. The analyst imports the incidents through the upload form.
    log_in(page, "analist")
    page.goto("/incidenten/")
    page.locator("#id_file").set_input_files(incident_csv(tmp_path / "incidenten.csv"))
    page.locator("#import-submit").click()
    page.wait_for_url("**/taken/**")
    page.wait_for_selector("#job-result .alert--success")
    assert Incident.objects.count() == 12 * 80 + 40

    # 2. The hot-spot page draws the cells; the hot cell says what it is.
    page.goto("/incidenten/hotspots/")
    page.wait_for_selector("#hotspot-map[data-ready='true']")
    assert page.locator("#hotspot-map path.leaflet-interactive").count() > 0
    hot = page.locator("#hotspot-map path[data-class='3']")
    assert hot.count() >= 1
    assert page.locator("#class-legend li[data-class='3']").inner_text().strip() == (
        "Hotspot, betrouwbaarheid 99%"
    )
    assert "Hotspot, betrouwbaarheid 99%" in popup_of(page, hot.first)

    # 3. The emerging hot-spot page draws the patterns: persistent and new.
    page.goto("/incidenten/opkomend/")
    page.wait_for_selector("#emerging-map[data-ready='true']")
    persistent = page.locator("#emerging-map path[data-pattern='persistent_hot']")
    assert persistent.count() >= 1
    assert (
        page.locator(
            "#emerging-map path[data-pattern='new_hot'], "
            "#emerging-map path[data-pattern='consecutive_hot']"
        ).count()
        >= 1
    )
    assert page.locator(
        "#pattern-legend li[data-pattern='persistent_hot']"
    ).inner_text().strip() == ("Aanhoudend")
    assert "Hotspot: Aanhoudend" in popup_of(page, persistent.first)
    # The map asks for what the form shows: another cell size redraws it.
    page.locator("#id_cell_size").select_option("250")
    page.locator("#analyse").click()
    page.wait_for_selector("#emerging-map[data-ready='true']")
    assert page.locator("#emerging-map path.leaflet-interactive").count() > 0
    assert page.locator("#emerging-map path.leaflet-interactive").count() < 30

    # 4. On the area's quick scan the emerging hot spots are a second layer, off at first.
    page.goto(f"/gebieden/{area.pk}/")
    page.wait_for_selector("#area-map[data-ready='true']")
    assert page.locator("#area-map path[data-pattern]").count() == 0
    page.locator("#area-map .leaflet-control-layers").get_by_label("Opkomende hotspots").check()
    page.wait_for_selector("#area-map path[data-pattern='persistent_hot']")
    assert page.locator("#area-map path[data-class='3']").count() >= 1
    assert page.locator("#area-map path[data-pattern='new_hot']").count() >= 1
