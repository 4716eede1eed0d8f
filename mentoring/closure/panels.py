"""The Closure part of the pair's page (mentoring/programs/panels.py): one query, and only
status for coordinators."""

from mentoring.closure.models import Closure
from mentoring.programs.models import Phase
from mentoring.programs.panels import PairViewer, Panel

# Members see the panel once closing is near; coordinators always, to close a pair themselves.
MEMBER_PHASES = {Phase.ENABLING, Phase.CLOSURE}


def closure(viewer: PairViewer) -> Panel | None:
    mentorship, is_member = viewer.mentorship, viewer.is_member
    if is_member and mentorship.is_open and mentorship.phase not in MEMBER_PHASES:
        return None
    latest = (
        Closure.objects.filter(mentorship=mentorship)
        .standing()
        .order_by("-proposed_at", "-pk")
        .first()
    )
    # A proposal left pending when a coordinator closed the pair is no longer news.
    if latest and latest.is_pending and not mentorship.is_open:
        latest = None
    context = {
        "mentorship": mentorship,
        "is_member": is_member,
        "can_edit": viewer.can_edit,
        "latest": latest,
        "user": viewer.user,
    }
    return Panel("closure/includes/status.html", context)
