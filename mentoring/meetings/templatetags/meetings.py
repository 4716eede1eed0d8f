from django import template

from mentoring.meetings.models import Meeting
from mentoring.programs.models import Phase

register = template.Library()

MEETING_PHASES = {Phase.ENABLING, Phase.CLOSURE}


@register.inclusion_tag("meetings/includes/summary.html")
def meetings_summary(mentorship, is_member):
    """Counts and dates of the pair's meetings, in one query: all a coordinator sees of them."""
    if mentorship.phase not in MEETING_PHASES:
        return {"shown": False}
    return {
        "shown": True,
        "mentorship": mentorship,
        "is_member": is_member,
        "summary": Meeting.objects.for_mentorship(mentorship).summary(),
    }
