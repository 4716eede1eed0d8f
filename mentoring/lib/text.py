"""Keeping typed text to what a line, or a paragraph, can hold.

Names, titles and places end up in calendar files, email subjects and CSV exports, where a line
break starts a new field: a name holding one could add lines to someone's calendar. Control
characters (Unicode category Cc: line breaks, tabs, NUL, escape...) and the Unicode line and
paragraph separators are refused where text is typed, and made spaces where old text is written
into a line-based format.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

from mentoring.lib.languages import grouped

# Category Cc is exactly U+0000-U+001F and U+007F-U+009F; U+2028 and U+2029 break lines too.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# A paragraph keeps its line breaks and tabs; NUL, escape and the like are never text.
CONTROL_CHARACTERS_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

# In English here (tests look for them), translated when raised.
SINGLE_LINE_MESSAGE = gettext_noop(
    "Use a single line of text, without line breaks, tabs or control characters."
)
MULTILINE_MESSAGE = gettext_noop(
    "Remove the control characters (invisible codes that sometimes come with pasted text); "
    "line breaks and tabs are fine."
)


def is_single_line(value: str) -> bool:
    return not CONTROL_CHARACTERS.search(value)


def validate_single_line(value: str) -> None:
    if not is_single_line(value):
        raise ValidationError(gettext(SINGLE_LINE_MESSAGE), code="control_characters")


def validate_multiline(value: str) -> None:
    if CONTROL_CHARACTERS_BUT_LINES.search(value):
        raise ValidationError(gettext(MULTILINE_MESSAGE), code="control_characters")


def single_line(value: str) -> str:
    """The text with each control character made a space: for data saved before the checks."""
    return CONTROL_CHARACTERS.sub(" ", value)


def _characters_allowed(limit: int) -> str:
    return gettext("Up to %(count)s characters.") % {"count": grouped(limit)}


# A field's help, "Up to 3,000 characters.": worked out from its limit when the field is shown,
# in the reader's language (the count grouped as that language writes it).
up_to = lazy(_characters_allowed, str)
