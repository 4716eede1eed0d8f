"""What erasing a person, or a pair's writing past its retention, means for preparation."""

from django.utils import timezone

from accounts.models import User
from mentoring.lib.email import send_templated_email
from mentoring.lib.erasure import blank_writing
from mentoring.preparation.models import (
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    SelfReflection,
)


def close_requests_waiting_for(mentor: User) -> int:
    """Close the requests waiting for someone who left (erased or deactivated) as the one who
    never answered would: a pending request declined, one still waiting for the coordinators
    not approved. Each mentee is told the mentor left, so they can ask someone else. Returns
    how many."""
    waiting_for_them = MentorRequest.objects.filter(
        mentor=mentor, status__in=MentorRequest.WAITING
    ).select_related("mentee", "program")
    closed = 0
    for mentor_request in waiting_for_them:
        mentor_request.status = (
            MentorRequest.Status.NOT_APPROVED
            if mentor_request.is_awaiting_approval
            else MentorRequest.Status.DECLINED
        )
        mentor_request.responded_at = timezone.now()
        mentor_request.save(update_fields=["status", "responded_at"])
        send_templated_email(
            "preparation/email/request_mentor_left",
            {"mentor_request": mentor_request},
            to=[mentor_request.mentee],
        )
        closed += 1
    return closed


def erase_person(user: User) -> dict[str, int]:
    """Their self-reflection, their notes on candidate mentors and their unshared planning
    templates are theirs alone, and go. A shared planning template stays with the mentor.
    Requests they sent that never became a pair go; requests waiting for them, as a mentor,
    are closed and the mentee told (`close_requests_waiting_for`)."""
    declined = close_requests_waiting_for(user)
    return {
        "self-reflection": SelfReflection.objects.filter(author=user).delete()[0],
        "candidate notes": CandidateNote.objects.filter(author=user).delete()[0],
        "unshared planning templates": PlanningTemplate.objects.filter(
            mentorship__mentee=user, shared_at__isnull=True
        ).delete()[0],
        "requests sent without a pair": MentorRequest.objects.filter(
            mentee=user, mentorship__isnull=True
        ).delete()[0],
        "requests declined": declined,
    }


def erase_pair_writing(mentorships) -> dict[str, int]:
    return {
        "planning templates": PlanningTemplate.objects.filter(mentorship__in=mentorships).delete()[
            0
        ],
        "mentor requests": blank_writing(MentorRequest.objects.filter(mentorship__in=mentorships)),
    }
