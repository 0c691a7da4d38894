"""The main path with only a keyboard (WCAG 2.1.1, 2.4.1, 2.4.7): log in, skip the navigation,
register a signal and triage it — every step by Tab, typing, arrow keys and Enter, and every
element that takes the focus shows the focus ring."""

import re

import pytest

from schakel.intake.models import Signal
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.browser

_FOCUSED = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const el = document.activeElement;
  const style = getComputedStyle(el);
  // A date field's calendar button is a stop of its own inside the field; the browser draws
  // the ring around that button itself (the field then does not match :focus).
  const calendarButton = el.type === 'date' && !el.matches(':focus');
  return {id: el.id, tag: el.tagName, text: (el.innerText || el.value || '').trim().slice(0, 80),
          href: el.getAttribute('href') || '', type: el.getAttribute('type') || '',
          form: el.form ? (el.form.getAttribute('action') || location.pathname) : '',
          ring: calendarButton || (parseFloat(style.outlineWidth) >= 2 && style.outlineStyle !== 'none')};
}"""


def focused(page):
    return page.evaluate(_FOCUSED)


def tab_to(page, matches, limit=120):
    """Press Tab until the focused element matches; every stop on the way shows the ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["tag"] != "BODY":
            assert element["ring"], f"no visible focus on {element}"
        if matches(element):
            return element
    raise AssertionError("not reached with Tab")


def by_id(element_id):
    return lambda element: element["id"] == element_id


def press_and_wait(page, key):
    """A key that submits a form or follows a link: wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def submit_of(action_end):
    return lambda element: element["type"] == "submit" and element["form"].endswith(action_end)


def choose(page, element_id, label):
    """A select by keyboard: focus it, then arrow down until the option shows."""
    tab_to(page, by_id(element_id))
    for _ in range(40):
        if page.evaluate(
            "([id, label]) => { const s = document.getElementById(id);"
            " return s.options[s.selectedIndex].text.trim() === label; }",
            [element_id, label],
        ):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{label} not in #{element_id}")


def log_in_by_keyboard(page, username):
    page.context.clear_cookies()
    page.goto("/inloggen/")
    tab_to(page, by_id("id_username"))
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("geheim-wachtwoord")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))  # the dashboard


def test_main_path_by_keyboard_only(page):
    make_user(Role.PROFESSIONAL, K.POLICE, "politie", "Politie")
    make_user(Role.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "regisseur", "Veiligheidshuis")

    log_in_by_keyboard(page, "politie")
    # The first Tab reaches the skip link; Enter puts the focus on the content, past the menus.
    page.keyboard.press("Tab")
    assert focused(page)["href"] == "#content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "content"
    tab_to(page, lambda element: element["href"] == "/signalen/nieuw/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/signalen/nieuw/")

    # Sending it empty says what is wrong, in the page, and loses nothing.
    tab_to(page, submit_of("/signalen/nieuw/"))
    press_and_wait(page, "Enter")
    assert page.locator("#id_category").get_attribute("aria-invalid") == "true"
    assert not Signal.objects.exists()

    choose(page, "id_category", "Woonoverlast")
    tab_to(page, by_id("id_description"))
    page.keyboard.type("Bewoner bedreigt buren.")
    tab_to(page, by_id("id_person-given_names"))
    page.keyboard.type("Piet")
    tab_to(page, by_id("id_person-surname"))
    page.keyboard.type("Verzonnen")
    tab_to(page, submit_of("/signalen/nieuw/"))
    press_and_wait(page, "Enter")
    assert re.search(r"/signalen/\d+/$", page.url), page.locator(".errorlist").all_inner_texts()
    signal = Signal.objects.get()
    assert signal.category.name == "Woonoverlast"

    # The process director triages it by keyboard: radio buttons with the arrow keys.
    log_in_by_keyboard(page, "regisseur")
    page.goto(f"/signalen/{signal.pk}/")
    radios = page.locator("form[action$='/triage/'] input[type=radio][value=yes]")
    for index in range(radios.count()):
        name = radios.nth(index).get_attribute("name")
        tab_to(page, lambda element, name=name: element["id"].startswith(f"id_{name}"))
        page.keyboard.press("Space")
    choose(page, "id_level", "3. Procesregie Veiligheidshuis")
    choose(page, "id_lead_organisation", "Veiligheidshuis")
    tab_to(page, by_id("id_reason"))
    page.keyboard.type("Meerdere leefgebieden.")
    choose(page, "id_reason_category", "Algemeen")
    tab_to(page, submit_of("/triage/"))
    press_and_wait(page, "Enter")
    signal.refresh_from_db()
    assert signal.triage_decisions.get().level.number == 3
