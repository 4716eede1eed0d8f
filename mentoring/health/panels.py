"""Program health's parts of the pair's page (mentoring/programs/panels.py). The fit check: for
a member their own answer, for a coordinator only whether someone in the pair answered "Not a
fit". The pulse survey and the closing feedback: for members only; coordinators read them in
the program's report, as figures of enough people."""

from django.utils import timezone

from mentoring.health.models import (
    ClosingFeedback,
    Fit,
    FitCheck,
    PulseSurvey,
    pulse_opens_at,
    pulse_round_at,
)
from mentoring.health.services import why_feedback_closed, why_fit_check_closed
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


def pulse(viewer: PairViewer) -> Panel | None:
    """For a member: the pulse survey open now, and whether they answered it."""
    mentorship = viewer.mentorship
    if not viewer.is_member or not mentorship.is_open:
        return None
    now = timezone.now()
    number = pulse_round_at(mentorship, now)
    if number == 0:
        return None
    answered = PulseSurvey.objects.filter(
        mentorship=mentorship, author=viewer.user, round=number
    ).exists()
    context = {
        "mentorship": mentorship,
        "round": number,
        "answered": answered,
        "next_opens_at": pulse_opens_at(mentorship, number + 1),
    }
    return Panel("health/includes/pulse_panel.html", context)


def closing_feedback(viewer: PairViewer) -> Panel | None:
    """For a member in the Closure phase: their closing feedback, given or still to give."""
    mentorship = viewer.mentorship
    if not viewer.is_member or why_feedback_closed(mentorship):
        return None
    given = ClosingFeedback.objects.filter(mentorship=mentorship, author=viewer.user).exists()
    context = {"mentorship": mentorship, "given": given}
    return Panel("health/includes/closing_feedback_panel.html", context)
