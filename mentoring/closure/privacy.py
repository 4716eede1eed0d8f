"""What erasing a person, or a pair's writing past its retention, means for closure."""

from accounts.models import User
from mentoring.closure.models import ClosingReflection, Closure, GoalOutcome, ThankYouNote
from mentoring.lib.erasure import blank_writing

ERASED_REASON = "(not kept past the retention period)"


def erase_person(user: User) -> dict[str, int]:
    """A closing reflection is only ever its author's. Goal outcomes are the pair's, and
    a thank-you note is the mentor's to keep."""
    return {
        "closing reflections": ClosingReflection.objects.filter(author=user).delete()[0],
    }


def erase_pair_writing(mentorships) -> dict[str, int]:
    return {
        "closing reflections": ClosingReflection.objects.filter(
            mentorship__in=mentorships
        ).delete()[0],
        "goal outcomes": blank_writing(GoalOutcome.objects.filter(mentorship__in=mentorships)),
        "thank-you notes": blank_writing(ThankYouNote.objects.filter(mentorship__in=mentorships)),
        # "Other" must say something (a constraint): what it said goes, the fact stays.
        "closures": Closure.objects.filter(mentorship__in=mentorships)
        .exclude(reason_other="")
        .update(reason_other=ERASED_REASON),
    }
