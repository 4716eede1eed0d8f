"""The form renderer: Django's TemplatesSetting (widgets render through the project's
templates), with `<select>` written in Python.

Django renders a select's every option through its own template include: a select of a
program's mentors (the dashboard's filter, thousands at scale) cost more than the rest of the
page. This writes what Django's select.html and select_option.html write, whitespace between
tags aside (tests/test_plain_form.py), with the attributes through `widget_attrs`, as every
other widget's.
"""

from django.forms.renderers import TemplatesSetting
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from mentoring.lib.templatetags.plain_form import widget_attrs

SELECT = "django/forms/widgets/select.html"
SELECTED = {"selected": True}


def render_select(widget: dict) -> str:
    parts = [format_html('<select name="{}"{}>', widget["name"], widget_attrs(widget["attrs"]))]
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        parts.extend(
            f'\n  <option value="{escape(str(option["value"]))}"'
            f"{option_attrs(option['attrs'])}>{escape(option['label'])}</option>"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


def option_attrs(attrs: dict) -> str:
    # Nearly every option has no attributes but `selected`: no need to build them.
    if not attrs:
        return ""
    if attrs == SELECTED:
        return " selected"
    return widget_attrs(attrs)


class FormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return render_select(context["widget"])
        return super().render(template_name, context, request)
