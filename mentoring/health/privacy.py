"""What erasing a person, or a pair's writing past its retention, means for program health."""

from accounts.models import User
from mentoring.health.models import ClosingFeedback, FitCheck, PulseSurvey
from mentoring.lib.erasure import blank_writing

ANSWERS = {
    "fit checks": FitCheck,
    "pulse surveys": PulseSurvey,
    "closing feedback": ClosingFeedback,
}


def erase_person(user: User) -> dict[str, int]:
    """Every answer here is only ever its author's."""
    return {name: model.objects.filter(author=user).delete()[0] for name, model in ANSWERS.items()}


def erase_pair_writing(mentorships) -> dict[str, int]:
    """The answers stay, as counts for the program's report; what people wrote goes."""
    return {
        name: blank_writing(model.objects.filter(mentorship__in=mentorships))
        for name, model in ANSWERS.items()
    }
