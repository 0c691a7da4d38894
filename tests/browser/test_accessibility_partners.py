"""WCAG 2.1 AA (axe-core) and no sideways scrolling at 1,366 and 375 px on every page reachable
by coordinator and politie (tests/browser/accessibility.py).
Split over three modules so that the test workers share the walk."""

import pytest

from tests.browser.accessibility import walk_roles

pytestmark = pytest.mark.browser


def test_every_reachable_page_is_accessible_and_reflows(page, live_server):
    result = walk_roles(page.context.browser, live_server.url, ["coordinator", "politie"])
    assert len(result.visited) > 40, result.visited
    assert not result.findings, result.report()
