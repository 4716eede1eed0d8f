"""The palette as static/css/site.css defines it, and the text/background pairs the pages use.

The CSS is the one source of the colours: this module reads its `--mt-*` tokens, so the
styleguide and tests/test_design.py judge exactly what the browser paints.
"""

import re
import typing
from functools import cache
from pathlib import Path

from django.conf import settings

from mentoring.lib.contrast import contrast_ratio, format_ratio

SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
TOKEN = re.compile(r"(--mt-[a-z0-9-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;")

# WCAG 2.2 AA: 1.4.3 for text, 1.4.11 for the borders that identify a control and focus rings.
TEXT_MINIMUM = 4.5
NON_TEXT_MINIMUM = 3.0


class Pair(typing.NamedTuple):
    foreground: str  # a token's name
    background: str
    use: str  # where the pages paint it


# Every text colour on every background it is painted on, in every state.
TEXT_PAIRS = [
    Pair("--mt-ink", "--mt-surface", "Body text"),
    Pair("--mt-ink", "--mt-surface-muted", "Text on cards and asides"),
    Pair("--mt-ink", "--mt-warning-subtle", "Text in a row at risk"),
    Pair("--mt-ink-muted", "--mt-surface", "Muted text, help text, placeholders"),
    Pair("--mt-ink-muted", "--mt-surface-muted", "Muted text on cards"),
    Pair("--mt-ink-muted", "--mt-warning-subtle", "Muted text in a row at risk"),
    Pair("--mt-ink-muted", "--mt-secondary-subtle", "Disabled controls; phases to come"),
    Pair("--mt-primary", "--mt-surface", "Links; outline primary buttons"),
    Pair("--mt-primary", "--mt-surface-muted", "Links on cards"),
    Pair("--mt-primary", "--mt-warning-subtle", "Links in a row at risk"),
    Pair("--mt-primary-hover", "--mt-surface", "Links on hover"),
    Pair("--mt-primary-hover", "--mt-warning-subtle", "Links on hover in a row at risk"),
    Pair("--mt-on-dark", "--mt-primary", "Primary buttons; the navigation bar; the current phase"),
    Pair("--mt-on-dark", "--mt-primary-hover", "Primary buttons on hover"),
    Pair("--mt-on-dark", "--mt-primary-active", "Primary buttons pressed; menu item active"),
    Pair("--mt-primary-emphasis", "--mt-primary-subtle", "Primary alerts; phases done"),
    Pair("--mt-secondary", "--mt-surface", "Outline secondary buttons"),
    Pair("--mt-secondary", "--mt-warning-subtle", "“Mark dealt with” on a row at risk"),
    Pair("--mt-on-dark", "--mt-secondary", "Secondary buttons and badges"),
    Pair("--mt-on-dark", "--mt-secondary-hover", "Secondary buttons on hover"),
    Pair("--mt-secondary-emphasis", "--mt-secondary-subtle", "Neutral alerts and status badges"),
    Pair("--mt-on-dark", "--mt-success", "Success buttons and badges"),
    Pair("--mt-success", "--mt-surface", "Valid fields; outline success buttons"),
    Pair("--mt-success-emphasis", "--mt-success-subtle", "Success alerts and status badges"),
    Pair("--mt-ink", "--mt-warning", "Warning badges and buttons"),
    Pair("--mt-warning-emphasis", "--mt-warning-subtle", "Warning alerts and status badges"),
    Pair("--mt-warning-emphasis", "--mt-surface", "Outline warning buttons"),
    Pair("--mt-on-dark", "--mt-danger", "Danger buttons and badges"),
    Pair("--mt-on-dark", "--mt-danger-hover", "Danger buttons on hover"),
    Pair("--mt-danger", "--mt-surface", "Error messages; outline danger buttons"),
    Pair("--mt-danger-emphasis", "--mt-danger-subtle", "Error alerts and status badges"),
    Pair("--mt-ink", "--mt-info", "Info badges"),
    Pair("--mt-info-emphasis", "--mt-info-subtle", "Info alerts and status badges"),
]

# Borders that identify a control, and the focus ring, against what surrounds them.
NON_TEXT_PAIRS = [
    Pair("--mt-border-strong", "--mt-surface", "Field and checkbox borders"),
    Pair("--mt-border-strong", "--mt-surface-muted", "Field borders on cards"),
    Pair("--mt-primary", "--mt-surface", "Focus ring on the page"),
    Pair("--mt-primary", "--mt-warning-subtle", "Focus ring in a row at risk"),
    Pair("--mt-on-dark", "--mt-primary", "Focus ring in the navigation bar"),
    Pair("--mt-secondary", "--mt-warning-subtle", "Outline button border in a row at risk"),
]


@cache
def tokens() -> dict[str, str]:
    """Each `--mt-*` colour token of site.css and its hex value, in the file's order."""
    return dict(TOKEN.findall(SITE_CSS.read_text()))


class Measured(typing.NamedTuple):
    pair: Pair
    foreground: str  # hex
    background: str
    ratio: float
    minimum: float

    @property
    def shown(self) -> str:
        return format_ratio(self.ratio)

    @property
    def passes(self) -> bool:
        return self.ratio >= self.minimum


def measured(pairs: list[Pair], minimum: float) -> list[Measured]:
    colours = tokens()
    rows = []
    for pair in pairs:
        fg, bg = colours[pair.foreground], colours[pair.background]
        rows.append(Measured(pair, fg, bg, contrast_ratio(fg, bg), minimum))
    return rows
