"""The palette as static/css/site.css defines it, and the text/background pairs the pages use.

The CSS is the one source of the colours: this module reads its `--mt-*` tokens, so the
styleguide and tests/test_design.py judge exactly what the browser paints.
"""

import re
import typing
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_noop as _

from mentoring.lib.contrast import contrast_ratio, format_ratio

SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
TOKEN = re.compile(r"(--mt-[a-z0-9-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;")

# WCAG 2.2 AA: 1.4.3 for text, 1.4.11 for the borders that identify a control and focus rings.
TEXT_MINIMUM = 4.5
NON_TEXT_MINIMUM = 3.0


class Pair(typing.NamedTuple):
    foreground: str  # a token's name
    background: str
    use: str  # where the pages paint it: English, translated where shown (pytest's ids)


# Every text colour on every background it is painted on, in every state.
TEXT_PAIRS = [
    Pair("--mt-ink", "--mt-surface", _("Body text")),
    Pair("--mt-ink", "--mt-surface-muted", _("Text on cards and asides")),
    Pair("--mt-ink", "--mt-warning-subtle", _("Text in a row at risk")),
    Pair("--mt-ink-muted", "--mt-surface", _("Muted text, help text, placeholders")),
    Pair("--mt-ink-muted", "--mt-surface-muted", _("Muted text on cards")),
    Pair("--mt-ink-muted", "--mt-warning-subtle", _("Muted text in a row at risk")),
    Pair("--mt-ink-muted", "--mt-secondary-subtle", _("Disabled controls; phases to come")),
    Pair("--mt-primary", "--mt-surface", _("Links; outline primary buttons")),
    Pair("--mt-primary", "--mt-surface-muted", _("Links on cards")),
    Pair("--mt-primary", "--mt-warning-subtle", _("Links in a row at risk")),
    Pair("--mt-primary-hover", "--mt-surface", _("Links on hover")),
    Pair("--mt-primary-hover", "--mt-warning-subtle", _("Links on hover in a row at risk")),
    Pair(
        "--mt-on-dark", "--mt-primary", _("Primary buttons; the navigation bar; the current phase")
    ),
    Pair("--mt-on-dark", "--mt-primary-hover", _("Primary buttons on hover")),
    Pair("--mt-on-dark", "--mt-primary-active", _("Primary buttons pressed; menu item active")),
    Pair("--mt-primary-emphasis", "--mt-primary-subtle", _("Primary alerts; phases done")),
    Pair("--mt-secondary", "--mt-surface", _("Outline secondary buttons")),
    Pair("--mt-secondary", "--mt-warning-subtle", _("“Mark dealt with” on a row at risk")),
    Pair("--mt-on-dark", "--mt-secondary", _("Secondary buttons and badges")),
    Pair("--mt-on-dark", "--mt-secondary-hover", _("Secondary buttons on hover")),
    Pair(
        "--mt-secondary-emphasis", "--mt-secondary-subtle", _("Neutral alerts and status badges")
    ),
    Pair("--mt-on-dark", "--mt-success", _("Success buttons and badges")),
    Pair("--mt-success", "--mt-surface", _("Valid fields; outline success buttons")),
    Pair("--mt-success-emphasis", "--mt-success-subtle", _("Success alerts and status badges")),
    Pair("--mt-ink", "--mt-warning", _("Warning badges and buttons")),
    Pair("--mt-warning-emphasis", "--mt-warning-subtle", _("Warning alerts and status badges")),
    Pair("--mt-warning-emphasis", "--mt-surface", _("Outline warning buttons")),
    Pair("--mt-on-dark", "--mt-danger", _("Danger buttons and badges")),
    Pair("--mt-on-dark", "--mt-danger-hover", _("Danger buttons on hover")),
    Pair("--mt-danger", "--mt-surface", _("Error messages; outline danger buttons")),
    Pair("--mt-danger-emphasis", "--mt-danger-subtle", _("Error alerts and status badges")),
    Pair("--mt-ink", "--mt-info", _("Info badges")),
    Pair("--mt-info-emphasis", "--mt-info-subtle", _("Info alerts and status badges")),
]

# Borders that identify a control, and the focus ring, against what surrounds them.
NON_TEXT_PAIRS = [
    Pair("--mt-border-strong", "--mt-surface", _("Field and checkbox borders")),
    Pair("--mt-border-strong", "--mt-surface-muted", _("Field borders on cards")),
    Pair("--mt-primary", "--mt-surface", _("Focus ring on the page")),
    Pair("--mt-primary", "--mt-warning-subtle", _("Focus ring in a row at risk")),
    Pair("--mt-on-dark", "--mt-primary", _("Focus ring in the navigation bar")),
    Pair("--mt-secondary", "--mt-warning-subtle", _("Outline button border in a row at risk")),
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
