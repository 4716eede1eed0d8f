"""Colour contrast by WCAG 2.x: relative luminance, contrast ratio, and a check on a brand colour.

A deployment's primary colour fills buttons with white text and colours links on white, so
both readings depend on one ratio (white against the colour): under 4.5:1 (WCAG 2.2 AA for
normal text, success criterion 1.4.3) the colour is refused rather than shipped unreadable.
"""

import math
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
PRIMARY_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
WHITE = "#ffffff"
MINIMUM_RATIO = 4.5


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """The red, green and blue (0-255) of `#rgb` or `#rrggbb`."""
    if not HEX_COLOUR.fullmatch(hex_colour):
        raise ValueError(f"{hex_colour!r} is not a hex colour such as #0b5394.")
    digits = hex_colour[1:]
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _linear(channel: int) -> float:
    # sRGB to linear light. WCAG 2.0 printed 0.03928 as the threshold, 2.2 prints the sRGB
    # standard's 0.04045; no 8-bit value lies between them, so both give the same results.
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    red, green, blue = (_linear(channel) for channel in rgb(hex_colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(hex_a: str, hex_b: str) -> float:
    """From 1 (the same) to 21 (black and white), whichever order the colours come in."""
    lighter, darker = sorted((relative_luminance(hex_a), relative_luminance(hex_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def format_ratio(ratio: float) -> str:
    """Two decimals, as contrast checkers show it ("4.48:1" for #777 on white)."""
    text = f"{ratio:.2f}"
    if ratio < MINIMUM_RATIO <= float(text):
        # A refused 4.499 must not read as "4.50:1", the very minimum.
        text = f"{math.floor(ratio * 100) / 100:.2f}"
    return f"{text}:1"


def validate_primary_colour(value: str) -> None:
    if not isinstance(value, str) or not PRIMARY_COLOUR.fullmatch(value):
        raise ValidationError(
            gettext("Enter the colour as # and six hex digits, such as #0b5394."),
            code="not_a_colour",
        )
    ratio = contrast_ratio(WHITE, value)
    if ratio < MINIMUM_RATIO:
        raise ValidationError(
            gettext(
                "White text on %(colour)s has a contrast ratio of %(ratio)s; it needs at least "
                "4.5:1 to be readable (WCAG 2.2 AA). Choose a darker colour."
            ),
            code="low_contrast",
            params={"colour": value, "ratio": format_ratio(ratio)},
        )
