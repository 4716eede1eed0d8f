"""How the demo pairs say it is going: fit checks after their first meeting, the pulse surveys
open so far, and closing feedback from the pairs that reached the Closure phase. Five people
answered the first pulse survey, so the health report shows its averages; only four gave
closing feedback, so it shows why the likelihood to recommend is withheld."""

from django.db.models import Count, Q
from django.utils import timezone

from mentoring.health.models import (
    ClosingFeedback,
    Fit,
    FitCheck,
    PulseSurvey,
    pulse_opens_at,
    pulse_round_at,
)
from mentoring.meetings.models import Meeting
from mentoring.programs.models import Phase, Program

SHARED_COMMENT = "Having the agenda a few days ahead makes our hour count."
PRIVATE_COMMENT = "I am not sure I am bringing enough to our meetings."
FEEDBACK = "The toolkit's templates gave our first meetings a shape. More examples would help."


def answers_on_health(program: Program) -> None:
    now = timezone.now()
    pairs = (
        program.mentorships.filter(phase__in=[Phase.ENABLING, Phase.CLOSURE])
        .annotate(held=Count("meetings", filter=Q(meetings__status=Meeting.Status.HELD)))
        .select_related("program", "mentee", "mentor")
        .order_by("started_at")
    )
    for index, pair in enumerate(pairs):
        members = (pair.mentee, pair.mentor)
        if pair.held:
            for author in members:
                answer = Fit.DECIDING if pair.phase == Phase.ENABLING and index == 2 else Fit.GOOD
                FitCheck.objects.create(
                    mentorship=pair, author=author, answer=answer, answered_at=pair.started_at
                )
        if pulse_round_at(pair, now) >= 1:
            for author, rating, comment, shared in [
                (pair.mentee, 4 + index % 2, SHARED_COMMENT if index == 0 else "", True),
                (pair.mentor, 3 + index % 3, PRIVATE_COMMENT if index == 1 else "", False),
            ]:
                PulseSurvey.objects.create(
                    mentorship=pair,
                    author=author,
                    round=1,
                    value=min(rating, 5),
                    follow_up=min(rating, 5) - 1,
                    cadence=3,
                    comment=comment,
                    share_comment=shared and bool(comment),
                    answered_at=pulse_opens_at(pair, 1),
                )
        if pair.phase == Phase.CLOSURE:
            for author, score in zip(members, (9, 10), strict=True):
                ClosingFeedback.objects.create(
                    mentorship=pair,
                    author=author,
                    recommend=score,
                    comment=FEEDBACK if author == pair.mentee else "",
                    answered_at=pair.ended_at or now,
                )
