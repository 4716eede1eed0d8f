"""What erasing a person, or a pair's writing past its retention, means for meetings."""

from accounts.models import User
from mentoring.lib.erasure import blank_writing
from mentoring.meetings.models import CalendarFeed, Meeting, Reflection


def erase_person(user: User) -> dict[str, int]:
    """A 3-2-1 reflection kept private goes; a shared one is the pair's now and stays. The
    meetings, agendas and notes are the pair's."""
    return {
        "private reflections": Reflection.objects.filter(
            author=user, shared_at__isnull=True
        ).delete()[0],
        "calendar feed": CalendarFeed.objects.filter(user=user).delete()[0],
    }


def erase_pair_writing(mentorships) -> dict[str, int]:
    return {
        "meetings": blank_writing(Meeting.objects.filter(mentorship__in=mentorships)),
        "reflections": blank_writing(
            Reflection.objects.filter(meeting__mentorship__in=mentorships)
        ),
    }
