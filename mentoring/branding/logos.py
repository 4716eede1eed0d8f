"""What a logo may be: a PNG or an SVG image of at most 200 KB, judged by its content.

The file's name and the browser's content type say nothing reliable, so the bytes decide: a
PNG by its signature, an SVG by parsing it (defusedxml: no entity expansion, no external
entities) to an <svg> root. Scripts and event handlers are refused in an SVG too, although it
is only ever shown as an image or under a CSP that runs nothing (views.logo): a logo has no use
for them, and a file that carries them was not made as a logo.
"""

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 200 * 1024
PNG = "image/png"
SVG = "image/svg+xml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
SCRIPTING_ELEMENTS = {"script", "foreignObject", "handler", "listener"}

NOT_AN_IMAGE = _("Upload the logo as a PNG or SVG image.")


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ValidationError(
            gettext(
                "The logo is %(size)s; it may be at most %(limit)s. Export it smaller, or as SVG."
            ),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
        )


def logo_type(content: bytes) -> str:
    """The content type of an acceptable logo; a ValidationError for anything else."""
    check_size(len(content))
    if content.startswith(PNG_SIGNATURE):
        return PNG
    try:
        root = fromstring(content)
    except (ParseError, DefusedXmlException, ValueError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    if root.tag != f"{SVG_NAMESPACE}svg":
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    for element in root.iter():
        local_name = str(element.tag).rpartition("}")[2]
        scripted = local_name in SCRIPTING_ELEMENTS or any(
            str(name).rpartition("}")[2].lower().startswith("on") for name in element.attrib
        )
        if scripted:
            raise ValidationError(
                gettext("This SVG contains scripts or event handlers; upload one without them."),
                code="scripted_svg",
            )
    return SVG
