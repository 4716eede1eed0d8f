"""`{% error_summary form %}`: the GOV.UK-style list of what stopped a form, at its top.

Each field's errors link to the field, so a long refused form says at once what to fix and
where; errors that belong to no field are listed as they are. crispy forms get it through
templates/bootstrap5/errors.html, hand-written forms by calling the tag themselves.
"""

from django import forms, template
from django.utils.translation import gettext

register = template.Library()

# Widgets whose label points at no single input: the link goes to their first option.
MANY_INPUTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _anchor(field) -> str:
    if isinstance(field.field.widget, MANY_INPUTS):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form, **anchors):
    """`anchors` names the ids of fields a template renders by hand under other ids."""
    if form is None or not form.is_bound or not form.errors:
        return {"items": []}
    items = [(None, str(error)) for error in form.non_field_errors()]
    labelled = gettext("%(label)s: %(error)s")
    for field in form:
        for error in field.errors:
            if field.is_hidden or not field.auto_id:
                # A hidden field (the revision) has nowhere to go to.
                items.append((None, str(error)))
            else:
                anchor = anchors.get(field.name) or _anchor(field)
                items.append((anchor, labelled % {"label": field.label, "error": error}))
    return {"items": items, "key": form.prefix or "form"}
