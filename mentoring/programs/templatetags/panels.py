"""`{% panel %}`: renders a phase's panel (mentoring/programs/panels.py) with what its builder
gathered. It runs no query: the data came with the panel."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context, part):
    """The panel's template with only the panel's context, as an inclusion tag renders: what a
    panel shows is what its builder chose to give it. The CSRF token is passed on for its
    forms."""
    values = dict(part.context)
    if (csrf_token := context.get("csrf_token")) is not None:
        values["csrf_token"] = csrf_token
    return context.template.engine.get_template(part.template).render(context.new(values))
