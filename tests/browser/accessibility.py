"""Accessibility and reflow, checked on every page a role can reach (issue 12).

`walk(page, starts)` follows the links of each page (breadth first, same site only) and checks
every page it reaches once per kind of page — one case page stands for all case pages: the key is
the URL pattern Django resolves the path to. Each page is checked at a laptop (1,366 px) and a
phone (375 px) width:

- axe-core (vendored in `tests/browser/vendor/axe-core`, MPL-2.0) with the WCAG 2.0/2.1 A and AA
  rules; a violation of impact "serious" or "critical" is a finding;
- the page must not scroll sideways: `scrollWidth` of the document at most the viewport's width
  (WCAG 1.4.10 Reflow). A wide table scrolls inside its own focusable region instead.

Left out, with the reason: Django's admin (`/beheer/`, Django's own pages) and the API with its
vendored Swagger UI / Redoc (`/api/`); downloads (anything that is not text/html) and the log-out
button's target.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
WIDTHS = (1366, 375)
SKIP = re.compile(r"^/(beheer|api|i18n|static|media|uitloggen)/")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_AXE_RUN = """async (rules) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: rules}});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({rule: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"
_SETTLE = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
_LINKS = "els => els.map(e => e.getAttribute('href'))"


@dataclass
class Walk:
    visited: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    def report(self) -> str:
        return "\n".join(self.findings)


def _kind(path: str) -> str | None:
    """The URL pattern a path resolves to (None: not a Schakel page to walk)."""
    if SKIP.match(path):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def check(page, label: str, walk: Walk) -> None:
    """axe and reflow at every width for the page as it is loaded now."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(_SETTLE)  # let the page's resize handlers run (schakel.js's tables)
        if page.evaluate("() => typeof axe === 'undefined'"):
            page.add_script_tag(content=AXE)
        scroll_width, viewport = page.evaluate(_WIDTH)
        if scroll_width > viewport:
            walk.findings.append(f"{label} @{width}px: scrolls sideways ({scroll_width} px wide)")
        for violation in page.evaluate(_AXE_RUN, RULES):
            walk.findings.append(f"{label} @{width}px: {json.dumps(violation, ensure_ascii=False)}")


def walk(page, starts: list[str], walk: Walk | None = None, limit: int = 150) -> Walk:
    """Visit every kind of page reachable from `starts` by links, and check each."""
    walk = walk or Walk()
    seen: set[str] = set()
    queue = list(starts)
    first = len(walk.visited)
    while queue and len(walk.visited) - first < limit:
        path = queue.pop(0)
        kind = _kind(urlsplit(path).path)
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        try:
            response = page.goto(path)
        except PlaywrightError as error:  # a download (a calendar file) is not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status >= 400:
            walk.findings.append(f"{path}: a link leads to HTTP {response.status}")
            continue
        walk.visited.append(path)
        check(page, path, walk)
        here = urlsplit(page.url)
        for href in page.eval_on_selector_all("a[href]", _LINKS):
            parts = urlsplit(urljoin(page.url, href))
            if parts.scheme not in ("http", "https") or parts.netloc != here.netloc:
                continue
            if _kind(parts.path) not in seen:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return walk


def check_errors(page, path: str, walk: Walk) -> None:
    """A form sent empty: the page with its error messages is checked like any other."""
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    page.goto(path)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    if not page.locator(".errorlist, .alert--error").count():
        walk.findings.append(f"{path}: sent empty, but no error message shown")
    check(page, f"{path} (sent empty)", walk)


# Forms checked with their error messages showing, per demo log-in ("" = a visitor).
ERROR_FORMS = {
    "": ["/publiek/melden/", "/inloggen/"],
    "regisseur": ["/signalen/nieuw/", "/overleggen/nieuw/"],
    "politie": ["/signalen/nieuw/", "/advies/nieuw/"],
}

PUBLIC_STARTS = ["/inloggen/", "/publiek/", "/publiek/melding/", "/toegankelijkheid/"]


def walk_roles(browser, base_url: str, usernames: list[str]) -> Walk:
    """Load the demo data, then walk Schakel as each demo log-in (and as a visitor for ""). The
    browser context lets axe's script in past Schakel's Content-Security-Policy."""
    from django.conf import settings
    from django.core.management import call_command

    from tests.browser.conftest import log_in
    from tests.shared_demo import SEED

    call_command("load_demo", seed=SEED, stdout=io.StringIO())
    result = Walk()
    context = browser.new_context(base_url=base_url, locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    for username in usernames:
        if username:
            log_in(page, username, settings.SCHAKEL_DEMO_PASSWORD)
            walk(page, ["/"], result)
        else:
            page.context.clear_cookies()
            walk(page, PUBLIC_STARTS, result)
        for path in ERROR_FORMS.get(username, []):
            check_errors(page, path, result)
    context.close()
    return result
