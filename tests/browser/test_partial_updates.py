"""htmx where it removes a full reload (issue 12): the case search and its pages answer in place.

The page is not loaded again (a marker set in the page survives), the search stays out of the
URL (it is a POST: names and postcodes never land in a URL), and nothing of the results is kept
in the browser's storage (htmx's history cache is off: it would keep case lists in
localStorage).
"""

import pytest

from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from tests.browser.conftest import log_in
from tests.factories import CaseFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser


def test_the_case_search_and_its_pages_answer_in_place(page):
    house = OrganisationFactory(name="Veiligheidshuis", kind=K.SAFETY_HOUSE)
    regisseur = UserFactory(username="regisseur", organisation=house, role=Role.PROCESS_DIRECTOR)
    regisseur.save()
    for n in range(30):
        CaseFactory(
            reference=f"C-2026-{n:05d}",
            title=f"Casus {n}",
            host_organisation=house,
            coordinator=regisseur,
        )
    log_in(page, "regisseur")
    page.goto("/casussen/")
    assert page.locator("#case-results tbody tr").count() == 25
    page.evaluate("window.schakelMarker = 'still here'")

    page.locator("#id_query").fill("C-2026-00007")
    page.locator("#case-search button[type=submit]").click()
    page.locator("#case-results tbody tr").first.filter(has_text="C-2026-00007").wait_for()
    assert page.locator("#case-results tbody tr").count() == 1
    assert page.evaluate("window.schakelMarker") == "still here"  # no full reload
    assert "C-2026-00007" not in page.url

    page.goto("/casussen/")
    page.evaluate("window.schakelMarker = 'again'")
    page.locator("#case-results .pagination a").last.click()
    page.wait_for_url("**/casussen/?page=2")
    assert page.locator("#case-results tbody tr").count() == 5
    assert page.evaluate("window.schakelMarker") == "again"
    stored = page.evaluate("JSON.stringify(Object.keys(window.localStorage))")
    assert "htmx" not in stored


def test_the_notification_counter_updates_in_place(page, settings):
    from schakel.notifications.models import Notification

    settings.SCHAKEL_COUNTER_POLL_SECONDS = 1
    house = OrganisationFactory(name="Veiligheidshuis", kind=K.SAFETY_HOUSE)
    regisseur = UserFactory(username="regisseur", organisation=house, role=Role.PROCESS_DIRECTOR)
    regisseur.save()
    log_in(page, "regisseur")
    page.goto("/casussen/")
    assert page.locator("#header-notifications .badge").count() == 0
    page.evaluate("window.schakelMarker = 'no reload'")
    Notification.objects.create(
        recipient=regisseur,
        kind="intervention_assigned",
        text="Interventie toegewezen",
        link="/",
        delivery="immediately",
    )
    page.locator("#header-notifications .badge").wait_for(timeout=10000)
    assert page.locator("#header-notifications .badge").inner_text() == "1"
    assert page.evaluate("window.schakelMarker") == "no reload"
