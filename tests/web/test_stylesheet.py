"""The stylesheet's accessibility promises, checked from its own tokens (issue 12): the keyboard
focus indicator has at least 3:1 contrast against every background it appears on (WCAG 1.4.11),
and the stylesheet claims no central-government house style or font (Rijkshuisstijl, RO Sans)."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

CSS = Path(__file__).resolve().parents[2] / "src/schakel/web/static/schakel/schakel.css"


def _token(css: str, name: str) -> str:
    """A colour token's value, following var() references within the theme."""
    value = re.search(rf"--{name}:\s*([^;]+);", css).group(1).strip()
    reference = re.fullmatch(r"var\(--([a-z0-9-]+)\)", value)
    if reference:
        return _token(css, reference.group(1))
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", value), (name, value)
    return value


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_indicator_stands_out_on_every_background():
    css = CSS.read_text()
    inner, outer = _token(css, "focus-inner"), _token(css, "focus-outer")
    backgrounds = [_token(css, n) for n in ("color-bg", "color-bg-subtle", "color-primary")]
    for background in backgrounds:
        best = max(_contrast(inner, background), _contrast(outer, background))
        assert best >= 3, (background, best)
    assert _contrast(inner, outer) >= 3  # the two rings stand apart from each other
    rule = re.search(r"html\.schakel-theme :focus-visible[^{]*{([^}]*)}", css).group(1)
    assert "var(--focus-inner)" in rule and "var(--focus-outer)" in rule


def test_no_central_government_house_style_is_claimed():
    css = CSS.read_text()
    assert "RO Sans" not in css
    assert "Rijkshuisstijl" not in css


def test_pages_use_the_community_css_with_the_schakel_theme(client, db):
    """The NL Design System community CSS (vendored) styles the pages, under Schakel's theme;
    no stylesheet or font comes from elsewhere."""
    html = client.get("/inloggen/").content.decode()
    assert 'class="utrecht-html utrecht-theme schakel-theme"' in html
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert [s.rsplit("/", 2)[-2:] for s in sheets] == [
        ["design-tokens", "theme.css"],
        ["component-library-css", "html.css"],
        ["schakel", "schakel.css"],
    ]
    for sheet in sheets:
        assert sheet.startswith("/static/")
        assert finders.find(sheet.removeprefix("/static/")), sheet
