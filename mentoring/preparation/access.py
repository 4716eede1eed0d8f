"""Who may see and change what the mentee prepares: the one place the views ask.

Private writing (self-reflection, candidate notes, an unshared planning template) is reachable
by its author only; to anyone else it does not exist (404). Coordinators never reach it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from accounts.models import User
from mentoring.preparation.models import (
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    SelfReflection,
)
from mentoring.programs.models import Mentorship, Participant, Program


def get_program_for_mentee(user, pk) -> Program:
    """A program the user is enrolled in as a mentee."""
    mentee_of = Participant.objects.filter(user=user, role=Participant.Role.MENTEE)
    return get_object_or_404(Program, pk=pk, pk__in=mentee_of.values("program"))


def get_candidate_mentor(program: Program, pk) -> User:
    """A mentor of the program, whom the mentee may write notes about or ask."""
    mentors = Participant.objects.filter(program=program, role=Participant.Role.MENTOR)
    return get_object_or_404(User, pk=pk, pk__in=mentors.values("user"))


def get_request_for_user(user, pk) -> MentorRequest:
    """A request the user sent, or received once it reached them (after any approval)."""
    requests = MentorRequest.objects.select_related("program", "mentee", "mentor", "mentorship")
    received = MentorRequest.objects.filter(mentor=user).seen_by_mentor()
    return get_object_or_404(requests, Q(mentee=user) | Q(pk__in=received.values("pk")), pk=pk)


def get_request_to_answer(user, pk) -> MentorRequest:
    mentor_request = get_request_for_user(user, pk)
    if mentor_request.mentor_id != user.pk:
        raise PermissionDenied(gettext("Only the mentor who was asked can answer this request."))
    return mentor_request


def get_request_to_withdraw(user, pk) -> MentorRequest:
    mentor_request = get_request_for_user(user, pk)
    if mentor_request.mentee_id != user.pk:
        raise PermissionDenied(gettext("Only the mentee who asked can withdraw this request."))
    return mentor_request


def get_planning_for_user(user, mentorship_pk) -> tuple[Mentorship, PlanningTemplate, bool]:
    """The mentorship, its planning template and whether the user may change it.

    The mentee always reaches their own template (an unsaved one if they have not started) and
    may change it while the mentorship is open. The mentor reads it once it is shared. For
    everyone else, coordinators included, it does not exist.
    """
    mentorship = get_object_or_404(
        Mentorship.objects.with_people().select_related("planning_template"),
        Q(mentee=user) | Q(mentor=user),
        pk=mentorship_pk,
    )
    planning = getattr(mentorship, "planning_template", None)
    if mentorship.role_of(user) == Participant.Role.MENTEE:
        return mentorship, planning or PlanningTemplate(mentorship=mentorship), mentorship.is_open
    if planning is None or not planning.is_shared:
        raise Http404("No planning template here.")
    return mentorship, planning, False


def get_rw_planning_for_user(user, mentorship_pk) -> tuple[Mentorship, PlanningTemplate]:
    mentorship, planning, can_edit = get_planning_for_user(user, mentorship_pk)
    if not can_edit:
        raise PermissionDenied(gettext("Only the mentee can change their planning template."))
    return mentorship, planning


def get_self_reflection(user) -> SelfReflection:
    """The user's own reflection, or a new unsaved one: nobody reaches anyone else's."""
    return SelfReflection.objects.filter(author=user).first() or SelfReflection(author=user)


def get_candidate_note(user, mentor: User) -> CandidateNote:
    """The user's own notes about this mentor, or new unsaved ones."""
    note = CandidateNote.objects.filter(author=user, mentor=mentor).first()
    return note or CandidateNote(author=user, mentor=mentor)


def get_candidate_notes(user):
    """The user's own notes on candidate mentors, each with `program_pk`: a program where the
    note's mentor is a mentor and the user a mentee, for the link to the notes (None when they
    no longer share one)."""
    mentee_of = Participant.objects.filter(user=user, role=Participant.Role.MENTEE)
    shared = (
        Participant.objects.filter(
            user=OuterRef("mentor"),
            role=Participant.Role.MENTOR,
            program__in=mentee_of.values("program"),
        )
        .order_by("program_id")
        .values("program")[:1]
    )
    return (
        CandidateNote.objects.filter(author=user)
        .select_related("mentor")
        .annotate(program_pk=Subquery(shared))
        .order_by("mentor__full_name", "mentor__email", "pk")
    )


def get_mentorships_with_planning(user):
    """The pairs the user is the mentee of, open first, each with its planning template (if
    any): the mentee's own, whatever became of the pair."""
    return (
        Mentorship.objects.filter(mentee=user)
        .with_people()
        .select_related("planning_template")
        .order_by(F("ended_at").desc(nulls_first=True), "-started_at", "-pk")
    )
