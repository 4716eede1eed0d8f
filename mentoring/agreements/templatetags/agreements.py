from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(value) -> str:
    """Text for inside a CSS string (the PDF's running footer): every symbol hex-escaped.

    HTML escaping does not apply inside <style>, and JavaScript escapes mean nothing to CSS.
    """
    return mark_safe(
        "".join(
            char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in str(value)
        )
    )
