"""The meetings' part of the pair's page (mentoring/programs/panels.py): counts and dates in
one query, all a coordinator sees of them."""

from mentoring.meetings.models import Meeting
from mentoring.programs.models import Phase
from mentoring.programs.panels import PairViewer, Panel

MEETING_PHASES = {Phase.ENABLING, Phase.CLOSURE}


def meetings(viewer: PairViewer) -> Panel | None:
    mentorship = viewer.mentorship
    if mentorship.phase not in MEETING_PHASES:
        return None
    context = {
        "mentorship": mentorship,
        "is_member": viewer.is_member,
        "summary": Meeting.objects.for_mentorship(mentorship).summary(),
    }
    return Panel("meetings/includes/summary.html", context)
