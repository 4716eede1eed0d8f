"""Workflows of the Preparing phase: each validates, saves in a transaction, and tells people."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

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
    program.check_not_archived()
    names = {"program": program, "mentor": mentor}
    if mentor.pk == mentee.pk:
        raise ValidationError(gettext("You cannot ask yourself to be your mentor."))
    enrolled = Participant.objects.roles_held(program, [mentee, mentor])
    if (mentee.pk, Participant.Role.MENTEE) not in enrolled:
        raise ValidationError(gettext("You are not a mentee in %(program)s.") % names)
    if (mentor.pk, Participant.Role.MENTOR) not in enrolled:
        raise ValidationError(gettext("%(mentor)s is not a mentor in %(program)s.") % names)
    if Mentorship.objects.open().filter(program=program, mentee=mentee).exists():
        raise ValidationError(gettext("You already have a mentor in %(program)s.") % names)
    waiting = (
        MentorRequest.objects.waiting()
        .filter(program=program, mentee=mentee)
        .select_related("mentor")
        .first()
    )
    if waiting:
        asked = {"mentor": waiting.mentor, "program": program}
        if waiting.is_awaiting_approval:
            said = gettext(
                "You already asked %(mentor)s in %(program)s and are waiting for the "
                "coordinators' approval. Withdraw that request before asking someone else."
            )
        else:
            said = gettext(
                "You already asked %(mentor)s in %(program)s and are waiting for their answer. "
                "Withdraw that request before asking someone else."
            )
        raise ValidationError(said % asked)
    if not mentor.open_to_mentoring:
        raise ValidationError(gettext("%(mentor)s is not taking mentees at the moment.") % names)
    if not mentor.is_taking_requests:
        if back_on := mentor.requests_back_on:
            said = gettext("%(mentor)s has paused new requests until %(date)s.")
            names["date"] = date_format(back_on, gettext("F j, Y"))
        else:
            said = gettext("%(mentor)s has paused new requests.")
        raise ValidationError(said % names)
    if not available_mentors(program).filter(pk=mentor.pk).exists():
        raise ValidationError(
            gettext("%(mentor)s has no room for another mentee at the moment.") % names
        )


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
        # With nobody to approve it, a request would wait forever: it goes to the mentor.
        status=(
            MentorRequest.Status.AWAITING_APPROVAL
            if program.requires_approval and program.coordinators.exists()
            else MentorRequest.Status.PENDING
        ),
    )
    mentor_request.full_clean()
    try:
        # A savepoint, so a request sent at the same moment in another tab fails cleanly.
        with transaction.atomic():
            mentor_request.save()
    except IntegrityError:
        raise ValidationError(
            gettext("You already have a request waiting for an answer in this program.")
        ) from None
    if mentor_request.is_awaiting_approval:
        send_templated_email(
            "preparation/email/request_needs_approval",
            {"mentor_request": mentor_request},
            to=list(program.coordinators.all()),
        )
    else:
        tell_mentor_of_request(mentor_request)
    return mentor_request


def tell_mentor_of_request(mentor_request: MentorRequest) -> None:
    send_templated_email(
        "preparation/email/request_received",
        {"mentor_request": mentor_request},
        to=[mentor_request.mentor],
    )


def _lock_waiting(
    mentor_request: MentorRequest, statuses=(MentorRequest.Status.PENDING,)
) -> MentorRequest:
    """The request, locked, if it is still in one of these statuses; else say what became of it."""
    locked = (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("program", "mentee", "mentor")
        .get(pk=mentor_request.pk)
    )
    if locked.status not in statuses:
        if locked.is_waiting:
            said = gettext("This request is now %(status)s; nothing changed.")
        else:
            said = gettext("This request was already %(status)s; nothing changed.")
        raise ValidationError(said % {"status": locked.get_status_display().lower()})
    return locked


@transaction.atomic
def approve_mentor_request(*, mentor_request: MentorRequest, coordinator: User) -> MentorRequest:
    """A coordinator passes the request on to the mentor, who then answers it as usual."""
    mentor_request = _lock_waiting(mentor_request, [MentorRequest.Status.AWAITING_APPROVAL])
    program, mentee, mentor = mentor_request.program, mentor_request.mentee, mentor_request.mentor
    program.check_not_archived()
    names = {"mentee": mentee, "mentor": mentor, "program": program}
    if Mentorship.objects.open().filter(program=program, mentee=mentee).exists():
        raise ValidationError(gettext("%(mentee)s already has a mentor in %(program)s.") % names)
    if not available_mentors(program).filter(pk=mentor.pk).exists():
        raise ValidationError(
            gettext(
                "%(mentor)s has no room for another mentee at the moment, or is not taking "
                "mentees. Turn the request down with a note, so %(mentee)s can ask someone else."
            )
            % names
        )
    mentor_request.status = MentorRequest.Status.PENDING
    mentor_request.reviewed_by = coordinator
    mentor_request.reviewed_at = timezone.now()
    mentor_request.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    tell_mentor_of_request(mentor_request)
    return mentor_request


@transaction.atomic
def disapprove_mentor_request(
    *, mentor_request: MentorRequest, coordinator: User, note: str = ""
) -> MentorRequest:
    """A coordinator turns the request down; the mentor never hears of it."""
    mentor_request = _lock_waiting(mentor_request, [MentorRequest.Status.AWAITING_APPROVAL])
    mentor_request.status = MentorRequest.Status.NOT_APPROVED
    mentor_request.coordinator_note = note
    mentor_request.reviewed_by = coordinator
    mentor_request.reviewed_at = mentor_request.responded_at = timezone.now()
    mentor_request.full_clean()
    mentor_request.save(
        update_fields=["status", "coordinator_note", "reviewed_by", "reviewed_at", "responded_at"]
    )
    send_templated_email(
        "preparation/email/request_not_approved",
        {"mentor_request": mentor_request},
        to=[mentor_request.mentee],
    )
    return mentor_request


@transaction.atomic
def accept_mentor_request(*, mentor_request: MentorRequest, note: str = "") -> Mentorship:
    """Accept: the pair starts in the Preparing phase, within the mentor's capacity."""
    mentor_request = _lock_waiting(mentor_request)
    if (
        Mentorship.objects.open()
        .filter(program=mentor_request.program, mentee=mentor_request.mentee)
        .exists()
    ):
        raise ValidationError(
            gettext("%(mentee)s already has a mentor in %(program)s.")
            % {"mentee": mentor_request.mentee, "program": mentor_request.program}
        )
    pair = Mentorship(
        program=mentor_request.program, mentor=mentor_request.mentor, mentee=mentor_request.mentee
    )
    try:
        mentorship = create_mentorship(
            program=pair.program, mentor=pair.mentor, mentee=pair.mentee
        )
    except ValidationError as error:
        raise ValidationError(_told_to_the_mentor(error, pair)) from None
    mentor_request.status = MentorRequest.Status.ACCEPTED
    mentor_request.response_note = note
    mentor_request.responded_at = timezone.now()
    mentor_request.mentorship = mentorship
    mentor_request.full_clean()
    mentor_request.save(update_fields=["status", "response_note", "responded_at", "mentorship"])
    send_templated_email(
        "preparation/email/request_accepted",
        {"mentor_request": mentor_request},
        to=[mentor_request.mentee],
    )
    return mentorship


def _told_to_the_mentor(error: ValidationError, pair: Mentorship) -> list[str]:
    """Why the pair cannot start, said to the mentor accepting: about their own capacity,
    "You have no room", not their name."""
    no_room = "mentor" in getattr(error, "error_dict", {}) and pair.mentor_is_at_capacity()
    if (
        not no_room
        or not Participant.objects.filter(
            program=pair.program, user=pair.mentor, role=Participant.Role.MENTOR
        ).exists()
    ):
        return error.messages
    others = [m for field, said in error.message_dict.items() if field != "mentor" for m in said]
    return [gettext("You have no room for another mentee at the moment."), *others]


@transaction.atomic
def decline_mentor_request(
    *, mentor_request: MentorRequest, note: str = "", reason: str = ""
) -> MentorRequest:
    """Decline, with an optional reason and note for the mentee, who may then ask another."""
    mentor_request = _lock_waiting(mentor_request)
    mentor_request.status = MentorRequest.Status.DECLINED
    mentor_request.response_note = note
    mentor_request.decline_reason = reason
    mentor_request.responded_at = timezone.now()
    mentor_request.full_clean()
    mentor_request.save(
        update_fields=["status", "response_note", "decline_reason", "responded_at"]
    )
    send_templated_email(
        "preparation/email/request_declined",
        {"mentor_request": mentor_request},
        to=[mentor_request.mentee],
    )
    return mentor_request


@transaction.atomic
def withdraw_mentor_request(*, mentor_request: MentorRequest) -> MentorRequest:
    mentor_request = _lock_waiting(mentor_request, MentorRequest.WAITING)
    mentor_request.status = (
        MentorRequest.Status.WITHDRAWN_UNAPPROVED
        if mentor_request.is_awaiting_approval
        else MentorRequest.Status.WITHDRAWN
    )
    mentor_request.responded_at = timezone.now()
    mentor_request.save(update_fields=["status", "responded_at"])
    return mentor_request


@transaction.atomic
def complete_self_reflection(*, reflection: SelfReflection) -> SelfReflection:
    """Save and mark complete; every question needs an answer first."""
    require_every_answer(
        reflection, gettext("Answer this question to mark your reflection complete.")
    )
    reflection.completed_at = reflection.completed_at or timezone.now()
    reflection.save()
    return reflection


@transaction.atomic
def share_planning_template(*, planning: PlanningTemplate) -> PlanningTemplate:
    """Save and share with the mentor; every question needs an answer first."""
    require_every_answer(
        planning,
        gettext("Answer this question before you share it (write “None” where nothing applies)."),
    )
    planning.shared_at = planning.shared_at or timezone.now()
    planning.save()
    return planning


def require_every_answer(obj, message: str) -> None:
    """Raise `message` beside every question left unanswered."""
    missing = {name: message for name in obj.ANSWERS if not getattr(obj, name).strip()}
    if missing:
        raise ValidationError(missing)


@dataclass(frozen=True)
class AvailabilityApplied:
    paused: bool  # new requests are paused today
    back_on: datetime.date | None  # when the pause ends by itself, if it does
    declined: int  # requests that waited for the mentor's answer, now declined


@transaction.atomic
def apply_mentor_availability(*, mentor: User) -> AvailabilityApplied:
    """Check the capacity and pause the mentor just saved, and while they pause decline, kindly,
    the requests waiting for their answer. Their pairs now go on: only new requests stop.

    Raises a ValidationError naming the fields (`mentee_capacity`, `requests_back_on`).
    """
    today = timezone.localdate()
    errors = {}
    open_pairs = Mentorship.objects.open().filter(mentor=mentor).count()
    if mentor.mentee_capacity < open_pairs:
        errors["mentee_capacity"] = ngettext(
            "You have %(count)s mentee now; capacity can't be below %(count)s.",
            "You have %(count)s mentees now; capacity can't be below %(count)s.",
            open_pairs,
        ) % {"count": open_pairs}
    if mentor.requests_paused and mentor.requests_back_on and mentor.requests_back_on <= today:
        errors["requests_back_on"] = gettext(
            "Choose a day after today, or leave it empty to pause until you resume."
        )
    if errors:
        raise ValidationError(errors)
    paused = mentor.requests_paused_on(today)
    declined = 0
    if paused:
        waiting = (
            MentorRequest.objects.pending()
            .filter(mentor=mentor)
            .select_for_update(of=("self",))
            .select_related("program", "mentee", "mentor")
        )
        for mentor_request in waiting:
            mentor_request.status = MentorRequest.Status.DECLINED
            mentor_request.responded_at = timezone.now()
            mentor_request.save(update_fields=["status", "responded_at"])
            send_templated_email(
                "preparation/email/request_paused",
                {"mentor_request": mentor_request},
                to=[mentor_request.mentee],
            )
            declined += 1
    return AvailabilityApplied(
        paused=paused, back_on=mentor.requests_back_on if paused else None, declined=declined
    )
