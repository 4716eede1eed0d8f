from django import template

from mentoring.programs.models import Phase

register = template.Library()


@register.inclusion_tag("includes/components/phase_progress.html")
def phase_progress(mentorship):
    return {"mentorship": mentorship, "phases": Phase.choices}
