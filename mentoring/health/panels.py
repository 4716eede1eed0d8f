"""The fit check's part of the pair's page (mentoring/programs/panels.py): for a member their
own answer, for a coordinator only whether someone in the pair answered "Not a fit"."""

from mentoring.health.models import Fit, FitCheck
from mentoring.health.services import why_fit_check_closed
from mentoring.meetings.panels import pair_meetings
from mentoring.programs.panels import PairViewer, Panel


def fit_check(viewer: PairViewer) -> Panel | None:
    mentorship = viewer.mentorship
    if why_fit_check_closed(mentorship, meetings_held=viewer.once(pair_meetings)["held"]):
        return None
    answers = FitCheck.objects.filter(mentorship=mentorship).values_list("author_id", "answer")
    if viewer.is_member:
        mine = dict(answers).get(viewer.user.pk)
        context = {"mentorship": mentorship, "is_member": True, "mine": mine and Fit(mine)}
    elif Fit.NOT_A_FIT in [answer for _, answer in answers]:
        context = {"mentorship": mentorship, "is_member": False}
    else:
        return None
    return Panel("health/includes/fit_check_panel.html", context)
