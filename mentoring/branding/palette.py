"""The shades the colours stylesheet derives from a deployment's primary colour.

site.css builds its components on --mt-primary and its hover, active, subtle and emphasis
tokens; a brand colour replaces them all, each shade checked where site.css puts text on it:
white on the colour and its hover and active shades (darker, so at least as readable), the
emphasis shade on the subtle one (badges, done phases), and links and outline buttons on the
muted surface of cards, which is a little darker than white.
"""

from mentoring.lib.contrast import MINIMUM_RATIO, contrast_ratio, rgb

BLACK, WHITE = "#000000", "#ffffff"
# site.css --mt-surface-muted: the darkest background links usually sit on.
MUTED_SURFACE = "#f4f6f8"


def mix(colour: str, other: str, weight: float) -> str:
    """`colour` with `weight` (0 to 1) of `other` mixed in, as #rrggbb."""
    mixed = (round(a + (b - a) * weight) for a, b in zip(rgb(colour), rgb(other), strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def darkened_until_readable(colour: str, background: str) -> str:
    """The colour itself if it reads on `background` at 4.5:1, else the first darker shade
    that does (black, at worst, reads on any background a colour here sits on)."""
    weight = 0.0
    shade = colour
    while contrast_ratio(shade, background) < MINIMUM_RATIO and weight < 1:
        weight = min(1.0, weight + 0.05)
        shade = mix(colour, BLACK, weight)
    return shade


def as_numbers(colour: str) -> str:
    """ "28, 93, 140": what Bootstrap's --bs-*-rgb variables hold."""
    return ", ".join(str(channel) for channel in rgb(colour))


def palette(primary: str) -> dict[str, str]:
    primary = primary.lower()
    subtle = mix(primary, WHITE, 0.88)
    text = darkened_until_readable(primary, MUTED_SURFACE)
    link_hover = mix(text, BLACK, 0.2)
    return {
        "primary": primary,
        "primary_rgb": as_numbers(primary),
        "hover": mix(primary, BLACK, 0.15),
        "active": mix(primary, BLACK, 0.3),
        "subtle": subtle,
        "border_subtle": mix(primary, WHITE, 0.6),
        "emphasis": darkened_until_readable(mix(primary, BLACK, 0.5), subtle),
        "text": text,
        "text_rgb": as_numbers(text),
        "link_hover": link_hover,
        "link_hover_rgb": as_numbers(link_hover),
    }
