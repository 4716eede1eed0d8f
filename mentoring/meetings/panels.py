"""The meetings' part of the pair's page (mentoring/programs/panels.py): counts and dates, all
a coordinator sees of them, in the one query Enabling's meeting steps read too
(`pair_meetings`)."""

from django.db.models import OuterRef, Subquery

from mentoring.meetings.models import Meeting, summary_columns
from mentoring.programs.models import Mentorship, Phase
from mentoring.programs.panels import PairViewer, Panel

MEETING_PHASES = {Phase.ENABLING, Phase.CLOSURE}


def pair_meetings(viewer: PairViewer) -> dict:
    """`MeetingQuerySet.summary` of the pair's meetings, and for the steps the last one held
    (`last_id`): one row. `viewer.once` it."""
    last = Meeting.objects.filter(mentorship=OuterRef("pk")).held().order_by("-starts_at", "-pk")
    return (
        Mentorship.objects.filter(pk=viewer.mentorship.pk)
        .values("pk")
        .annotate(**summary_columns(through="meetings__"), last_id=Subquery(last.values("pk")[:1]))
        .get()
    )


def meetings(viewer: PairViewer) -> Panel | None:
    mentorship = viewer.mentorship
    if mentorship.phase not in MEETING_PHASES:
        return None
    context = {
        "mentorship": mentorship,
        "is_member": viewer.is_member,
        "summary": viewer.once(pair_meetings),
    }
    return Panel("meetings/includes/summary.html", context)
