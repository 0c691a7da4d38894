"""Residents and partners in the area approach, in a real browser (issue 13):

- a gebiedsregisseur opens a neighbourhood survey; residents answer it anonymously on a phone
  (375 px); the results appear in the quick scan beside the incident figures;
- a wijkagent logs presence on a phone, with the device's location; it shows on the area map;
- the method and lessons report downloads as PDF.
"""

import datetime
import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schakel.analytics.polygons import rd_to_wgs84
from schakel.areas import services
from schakel.areas.models import NeighbourhoodSurvey, Presence, SurveyResponse
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from tests.areas.conftest import BOX, square_geometry
from tests.browser.conftest import log_in
from tests.factories import OrganisationFactory, make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def lindehof(transactional_db, settings):
    settings.SCHAKEL_MAP_TILE_URL = ""
    analist = make_user(Role.ANALYST, K.MUNICIPALITY, "analist", "Gemeente")
    director = make_user(Role.COORDINATOR, K.MUNICIPALITY, "gebiedsregisseur", "Gemeente")
    make_user(Role.PROFESSIONAL, K.POLICE, "wijkagent", "Politie")
    house = OrganisationFactory(name="Veiligheidshuis", kind=K.SAFETY_HOUSE)
    area = services.define_area(
        by=analist,
        name="Lindehof",
        kind="buurt",
        cbs_code="BU09990301",
        outline=json.dumps(square_geometry()),
    )
    today = timezone.localdate()
    plan = services.create_plan(
        by=director,
        area=area,
        title="Gebiedsaanpak Lindehof",
        host_organisation=house,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
    )
    return area, plan


def _no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_residents_answer_a_survey_on_a_phone_and_the_results_show_in_the_quick_scan(
    page, lindehof
):
    area, _plan = lindehof
    log_in(page, "gebiedsregisseur")
    page.goto(f"/gebieden/{area.pk}/")
    page.locator("#link-surveys").click()
    page.locator("#id_title").fill("Buurtpeiling Lindehof")
    page.locator("main form button[type=submit]").click()
    public_link = page.locator("#survey-public-link").get_attribute("href")
    assert NeighbourhoodSurvey.objects.get().title == "Buurtpeiling Lindehof"

    resident = page.context.browser.new_context(locale="nl-NL", viewport=PHONE)
    phone = resident.new_page()
    try:
        for answer in ("5", "4", "4", "2", "5"):
            phone.goto(public_link)
            assert _no_sideways_scrolling(phone)
            for group in phone.locator("#survey-form fieldset").all():
                group.locator(f"input[value='{answer}']").check()
            phone.locator("#survey-form button[type=submit]").click()
            phone.locator("#survey-thanks").wait_for()
        # No cookie of a session: a resident is not logged in or followed.
        assert not [c for c in resident.cookies() if c["name"] == "sessionid"]
    finally:
        resident.close()
    assert SurveyResponse.objects.count() == 5

    page.goto(f"/gebieden/{area.pk}/")
    results = page.locator("table.survey-results").first
    # Four of five agree (4 or 5) with the first statement: 80 %, mean 4.0.
    first_row = results.locator("tbody tr").first
    assert "80 %" in first_row.inner_text()
    assert "4,0" in first_row.inner_text() or "4.0" in first_row.inner_text()


def test_a_wijkagent_logs_presence_on_a_phone_and_it_shows_on_the_area_map(
    page, lindehof, live_server
):
    area, _plan = lindehof
    lon, lat = rd_to_wgs84([(BOX[0] + BOX[2]) / 2], [(BOX[1] + BOX[3]) / 2])
    street = page.context.browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        viewport=PHONE,
        geolocation={"latitude": float(lat[0]), "longitude": float(lon[0])},
        permissions=["geolocation"],
    )
    phone = street.new_page()
    phone.set_default_timeout(15000)
    try:
        log_in(phone, "wijkagent")
        phone.goto(f"/gebieden/{area.pk}/")
        phone.locator("#link-presence").click()
        assert _no_sideways_scrolling(phone)
        phone.locator("input[name=kind][value=voetsurveillance]").check()
        phone.locator("input[name=minutes][value='60']").check()
        phone.locator("#id_place").fill("Lindeplein")
        phone.locator("#presence-locate").click()
        expect(phone.locator("#id_latitude")).not_to_have_value("")
        phone.locator("#presence-form button[type=submit]").click()
        phone.locator("#presence-recent").wait_for()
        assert "Lindeplein" in phone.locator("#presence-recent").inner_text()
        presence = Presence.objects.get()
        assert presence.latitude == pytest.approx(float(lat[0]), abs=1e-5)

        phone.goto(f"/gebieden/{area.pk}/")
        phone.wait_for_selector("#area-map[data-ready='true']")
        assert phone.locator("#area-map").get_attribute("data-presence-cells") == "1"
        assert phone.locator("#area-map path.presence-point").count() == 1
        assert _no_sideways_scrolling(phone)
    finally:
        street.close()


def test_the_method_report_downloads_as_pdf(page, lindehof):
    area, plan = lindehof
    log_in(page, "gebiedsregisseur")
    page.goto(f"/gebieden/plannen/{plan.pk}/")
    page.locator("#plan-method").click()
    assert "Gebiedsaanpak Lindehof" in page.locator("h1").inner_text()
    with page.expect_download() as download_info:
        page.locator("#method-pdf").click()
    download = download_info.value
    assert download.suggested_filename == f"methode-en-lessen-{plan.pk}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
