"""Workflows of the Preparing phase: each validates, saves in a transaction, and tells people."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from mentoring.lib.email import send_templated_email
from mentoring.preparation.models import (
    MentorRequest,
    PlanningTemplate,
    SelfReflection,
    available_mentors,
)
from mentoring.programs.models import Mentorship, Participant, Program
from mentoring.programs.services import create_mentorship


def check_can_ask(*, program: Program, mentee: User, mentor: User) -> None:
    """Raise a ValidationError saying why this mentee cannot ask this mentor now, if so."""
    if mentor.pk == mentee.pk:
        raise ValidationError("You cannot ask yourself to be your mentor.")
    enrolled = set(
        Participant.objects.filter(program=program, user__in=[mentee, mentor]).values_list(
            "user_id", "role"
        )
    )
    if (mentee.pk, Participant.Role.MENTEE) not in enrolled:
        raise ValidationError(f"You are not a mentee in {program}.")
    if (mentor.pk, Participant.Role.MENTOR) not in enrolled:
        raise ValidationError(f"{mentor} is not a mentor in {program}.")
    if Mentorship.objects.open().filter(program=program, mentee=mentee).exists():
        raise ValidationError(f"You already have a mentor in {program}.")
    pending = MentorRequest.objects.pending().filter(program=program, mentee=mentee).first()
    if pending:
        raise ValidationError(
            f"You already asked {pending.mentor} in {program} and are waiting for their answer. "
            "Withdraw that request before asking someone else."
        )
    if not mentor.open_to_mentoring:
        raise ValidationError(f"{mentor} is not taking mentees at the moment.")
    if not available_mentors(program).filter(pk=mentor.pk).exists():
        raise ValidationError(f"{mentor} has no room for another mentee at the moment.")


@transaction.atomic
def send_mentor_request(
    *,
    program: Program,
    mentee: User,
    mentor: User,
    why_this_mentor: str,
    hoped_outcome: str,
    meeting_frequency: str,
) -> MentorRequest:
    check_can_ask(program=program, mentee=mentee, mentor=mentor)
    mentor_request = MentorRequest(
        program=program,
        mentee=mentee,
        mentor=mentor,
        why_this_mentor=why_this_mentor,
        hoped_outcome=hoped_outcome,
        meeting_frequency=meeting_frequency,
    )
    mentor_request.full_clean()
    try:
        # A savepoint, so a request sent at the same moment in another tab fails cleanly.
        with transaction.atomic():
            mentor_request.save()
    except IntegrityError:
        raise ValidationError(
            "You already have a request waiting for an answer in this program."
        ) from None
    send_templated_email(
        "preparation/email/request_received",
        {"mentor_request": mentor_request, "site_url": settings.SITE_URL},
        to=[mentor.email],
    )
    return mentor_request


def _lock_pending(mentor_request: MentorRequest) -> MentorRequest:
    """The request, locked, if it still waits for an answer; otherwise say what became of it."""
    locked = (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("program", "mentee", "mentor")
        .get(pk=mentor_request.pk)
    )
    if not locked.is_pending:
        raise ValidationError(
            f"This request was already {locked.get_status_display().lower()}; nothing changed."
        )
    return locked


@transaction.atomic
def accept_mentor_request(*, mentor_request: MentorRequest, note: str = "") -> Mentorship:
    """Accept: the pair starts in the Preparing phase, within the mentor's capacity."""
    mentor_request = _lock_pending(mentor_request)
    if (
        Mentorship.objects.open()
        .filter(program=mentor_request.program, mentee=mentor_request.mentee)
        .exists()
    ):
        raise ValidationError(
            f"{mentor_request.mentee} already has a mentor in {mentor_request.program}."
        )
    try:
        mentorship = create_mentorship(
            program=mentor_request.program,
            mentor=mentor_request.mentor,
            mentee=mentor_request.mentee,
        )
    except ValidationError as error:
        raise ValidationError(
            [
                message.replace(f"{mentor_request.mentor} has", "You have")
                for message in error.messages
            ]
        ) from None
    mentor_request.status = MentorRequest.Status.ACCEPTED
    mentor_request.response_note = note
    mentor_request.responded_at = timezone.now()
    mentor_request.mentorship = mentorship
    mentor_request.full_clean()
    mentor_request.save(update_fields=["status", "response_note", "responded_at", "mentorship"])
    send_templated_email(
        "preparation/email/request_accepted",
        {"mentor_request": mentor_request, "site_url": settings.SITE_URL},
        to=[mentor_request.mentee.email],
    )
    return mentorship


@transaction.atomic
def decline_mentor_request(*, mentor_request: MentorRequest, note: str = "") -> MentorRequest:
    mentor_request = _lock_pending(mentor_request)
    mentor_request.status = MentorRequest.Status.DECLINED
    mentor_request.response_note = note
    mentor_request.responded_at = timezone.now()
    mentor_request.full_clean()
    mentor_request.save(update_fields=["status", "response_note", "responded_at"])
    send_templated_email(
        "preparation/email/request_declined",
        {"mentor_request": mentor_request, "site_url": settings.SITE_URL},
        to=[mentor_request.mentee.email],
    )
    return mentor_request


@transaction.atomic
def withdraw_mentor_request(*, mentor_request: MentorRequest) -> MentorRequest:
    mentor_request = _lock_pending(mentor_request)
    mentor_request.status = MentorRequest.Status.WITHDRAWN
    mentor_request.responded_at = timezone.now()
    mentor_request.save(update_fields=["status", "responded_at"])
    return mentor_request


@transaction.atomic
def complete_self_reflection(*, reflection: SelfReflection) -> SelfReflection:
    """Save and mark complete; every question needs an answer first."""
    require_every_answer(reflection, "to mark your reflection complete")
    reflection.completed_at = reflection.completed_at or timezone.now()
    reflection.save()
    return reflection


@transaction.atomic
def share_planning_template(*, planning: PlanningTemplate) -> PlanningTemplate:
    """Save and share with the mentor; every question needs an answer first."""
    require_every_answer(planning, "before you share it (write “None” where nothing applies)")
    planning.shared_at = planning.shared_at or timezone.now()
    planning.save()
    return planning


def require_every_answer(obj, purpose: str) -> None:
    missing = {
        name: f"Answer this question {purpose}."
        for name in obj.ANSWERS
        if not getattr(obj, name).strip()
    }
    if missing:
        raise ValidationError(missing)
