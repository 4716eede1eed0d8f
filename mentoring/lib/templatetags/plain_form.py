"""`{{ form|plain_form }}`: what `{{ form|crispy }}` writes for a form, built in Python.

crispy-bootstrap5 renders each field through a dozen nested templates: two thirds of the
planning form's time (bench/results/issue14-profile-pages.md). This writes the same elements,
classes, ids and attributes for the fields most forms hold (text inputs, textareas, selects)
and hands any other field (checkboxes, radios, files, fieldsets) to crispy; only the whitespace
between tags differs. The widget itself still renders through the project's widget templates,
so the length counter (`widget_attrs`, below) is the same everywhere.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from mentoring.lib.templatetags.error_summary import error_summary

register = template.Library()

NOT_PLAIN = (forms.CheckboxInput, forms.FileInput, forms.HiddenInput)


@register.filter
def plain_form(form) -> str:
    # What crispy's bootstrap5/uni_form.html does: the error summary (templates/bootstrap5/
    # errors.html), then each field.
    parts = [str(form.media)]
    if form.is_bound and form.errors:
        parts.append(render_to_string("includes/error_summary.html", error_summary(form)))
    parts.extend(plain_field(field) for field in form)
    return mark_safe("".join(parts))


@register.filter
def widget_attrs(attrs: dict) -> str:
    """Django's widget attributes (its widgets/attrs.html), but a length limit is given as
    data-max-length: the browser's maxlength cuts a long paste short in silence, while forms.js
    shows a counter and the server refuses the text with its message, the text kept. In Python:
    every widget of every form renders it, and as a template it was a third of the widgets' time.
    """
    return format_html_join(
        "",
        " {}{}",
        (
            (
                "data-max-length" if name == "maxlength" else name,
                "" if value is True else format_html('="{}"', value),
            )
            for name, value in attrs.items()
            if value is not False
        ),
    )


def plain_field(field) -> str:
    widget = field.field.widget
    if field.is_hidden:
        return str(field)
    plain = isinstance(widget, forms.Textarea | forms.Select) or (
        isinstance(widget, forms.widgets.Input) and not isinstance(widget, NOT_PLAIN)
    )
    if not plain or field.use_fieldset:
        return as_crispy_field(field)
    return format_html(
        '<div id="div_{}" class="{}">{}{}{}{}</div>',
        field.auto_id,
        " ".join(filter(None, ["mb-3", field.css_classes()])),
        _label(field),
        field.as_widget(attrs={"class": _widget_class(field)}),
        _errors(field),
        _help_text(field),
    )


def _widget_class(field) -> str:
    """crispy's classes: the widget's own, its class name in lower case, Bootstrap's."""
    widget = field.field.widget
    name = type(widget).__name__.lower()
    own = widget.attrs.get("class", "")
    classes = (own if name in own else f"{own} {name}") if own else name
    control = "form-select" if isinstance(widget, forms.Select) else "form-control"
    return f"{classes} {control} is-invalid" if field.errors else f"{classes} {control}"


def _label(field) -> str:
    if not field.label:
        return ""
    required = field.field.required
    return format_html(
        '<label{} class="form-label{}">{}{}</label> ',
        format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )


def _errors(field) -> str:
    if not field.errors:
        return ""
    return format_html(
        ' <div id="{}_error" class="invalid-feedback">{}</div>',
        field.errors.field_id,
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
        ),
    )


def _help_text(field) -> str:
    if not field.help_text:
        return ""
    # Safe as crispy treats it: help texts are the code's, never what someone typed.
    help_text = mark_safe(field.help_text)
    if field.auto_id:
        return format_html(
            ' <div id="{}_helptext" class="form-text">{}</div>', field.auto_id, help_text
        )
    return format_html(' <div class="form-text">{}</div>', help_text)
