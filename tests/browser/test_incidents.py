"""In a real browser: an analyst uploads incidents (first a bad file, then a good one) and sees
the hot spots and the forecast check. Elements are found by id."""

import re

import pytest

from schakel.incidents.models import Incident
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from tests.browser.conftest import log_in
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_analyst_imports_incidents_and_sees_hot_spots(page, tmp_path):
    make_user(Role.ANALYST, K.MUNICIPALITY, "analist", "Gemeente")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,datetime,category,x,y\n,2024-01-01,overlast,155000,463000\n")
    rows = [
        f"i-{i},2024-0{1 + i % 3}-10 21:00,overlast,{155000 + (i % 20) * 100},{463000 + (i // 20) * 100}"
        for i in range(200)
    ]
    rows += [f"h-{i},2024-0{1 + i % 3}-11 22:00,overlast,155950,463550" for i in range(60)]
    good = tmp_path / "good.csv"
    good.write_text("id,datetime,category,x,y\n" + "\n".join(rows) + "\n")

    log_in(page, "analist")
    page.goto("/incidenten/")
    page.locator("#id_file").set_input_files(str(bad))
    page.locator("#import-submit").click()
    # The import runs as a job; its page ends with each bad row, its line and its reason.
    page.wait_for_url("**/taken/**")
    page.wait_for_selector("#job-result")
    assert page.locator("#job-error-list tbody tr").count() == 1
    assert page.locator("#job-error-list tbody td").first.inner_text() == "2"
    assert Incident.objects.count() == 0

    page.goto("/incidenten/importeren/")
    page.locator("#id_file").set_input_files(str(good))
    page.locator("#import-submit").click()
    page.wait_for_url("**/taken/**")
    page.wait_for_selector("#job-result")
    assert page.locator("#job-bar").get_attribute("value") == "100"
    assert "260" in page.locator("#job-result").inner_text()
    assert Incident.objects.count() == 260
    page.locator("#job-result a").click()
    page.wait_for_url("**/incidenten/")
    assert page.locator("#per-category tbody tr").count() == 1

    # The cells arrive after the page (a fetch); a click on "on the map" before they are there
    # must wait for them, not do nothing (it did: a flaky CI run). Hold the fetch until after
    # the click.
    held = []
    page.route("**/incidenten/hotspots.geojson*", lambda route: held.append(route))
    page.goto("/incidenten/hotspots/")
    while not held:
        page.wait_for_timeout(50)
    hottest = page.locator("#hottest tbody tr").first
    # Named by its square on the map (no area outlines here), not by its INSPIRE code; the
    # button beside it finds the same cell on the map.
    assert re.match(r"^[A-Z]+[0-9]+\b", hottest.inner_text())
    assert "crs28992" not in hottest.inner_text()
    button = hottest.locator("[data-show-cell]")
    assert button.get_attribute("data-show-cell") == "crs28992res100mN463500E155900"
    button.click()
    assert page.locator("#hotspot-map").get_attribute("data-ready") is None
    held[0].continue_()
    page.unroute("**/incidenten/hotspots.geojson*")
    page.locator("#hotspot-map .leaflet-popup").wait_for()
    assert (
        hottest.inner_text().split()[0] in page.locator("#hotspot-map .leaflet-popup").inner_text()
    )

    page.goto("/incidenten/voorspelling/?train_months=2&percent=5")
    assert page.locator("#pai").inner_text().strip() != ""
