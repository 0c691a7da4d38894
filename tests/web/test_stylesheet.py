"""The stylesheet's accessibility promises, checked from its own tokens (issue 12): the keyboard
focus indicator has at least 3:1 contrast against every background it appears on (WCAG 1.4.11),
and the stylesheet claims no central-government house style or font (Rijkshuisstijl, RO Sans)."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "src/schakel/web/static/schakel/schakel.css"


def _token(css: str, name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", css).group(1)


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
    rule = re.search(r":focus-visible\s*{([^}]*)}", css).group(1)
    assert "var(--focus-inner)" in rule and "var(--focus-outer)" in rule


def test_no_central_government_house_style_is_claimed():
    css = CSS.read_text()
    assert "RO Sans" not in css
    assert "Rijkshuisstijl" not in css
