"""What erasing a person, or a pair's writing past its retention, means for program health."""

from accounts.models import User
from mentoring.health.models import FitCheck
from mentoring.lib.erasure import blank_writing


def erase_person(user: User) -> dict[str, int]:
    """A fit check answer is only ever its author's."""
    return {"fit checks": FitCheck.objects.filter(author=user).delete()[0]}


def erase_pair_writing(mentorships) -> dict[str, int]:
    """The answers stay, as counts; the reasons go."""
    return {"fit checks": blank_writing(FitCheck.objects.filter(mentorship__in=mentorships))}
