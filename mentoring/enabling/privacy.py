"""What erasing a person, or a pair's writing past its retention, means for the action plan
and the mid-way check-in."""

from django.db.models import Count

from accounts.models import User
from mentoring.enabling.models import ActionStep, CheckInAnswer, PlanSection
from mentoring.lib.erasure import blank_writing


def erase_person(user: User) -> dict[str, int]:
    """A check-in answer is its author's until both have answered (`PairCheckIn`): one the
    partner cannot read yet goes. The action plan is the pair's and stays."""
    unread = (
        CheckInAnswer.objects.filter(author=user)
        .annotate(answers=Count("mentorship__check_in_answers"))
        .filter(answers__lt=2)
    )
    return {
        "check-in answers": CheckInAnswer.objects.filter(
            pk__in=list(unread.values_list("pk", flat=True))
        ).delete()[0]
    }


def erase_pair_writing(mentorships) -> dict[str, int]:
    return {
        "action plan sections": blank_writing(
            PlanSection.objects.filter(mentorship__in=mentorships)
        ),
        "action steps": blank_writing(
            ActionStep.objects.filter(section__mentorship__in=mentorships)
        ),
        "check-in answers": blank_writing(
            CheckInAnswer.objects.filter(mentorship__in=mentorships)
        ),
    }
