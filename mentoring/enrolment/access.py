"""Who may reach what in enrolment: a program's coordinators, and nobody else (404).

Invitations are the exception: each is its invited person's own, and nobody else's, not even
the coordinators' who sent it.
"""

from django.shortcuts import get_object_or_404

from accounts.models import User
from mentoring.enrolment.models import (
    CoordinatorInvitation,
    JoinLink,
    JoinRequest,
    ProgramInvitation,
    hash_join_token,
)
from mentoring.preparation.models import MentorRequest
from mentoring.programs.access import get_program_for_coordinator
from mentoring.programs.models import Participant, Program


def get_request_for_coordinator(user, program_pk, pk) -> tuple[Program, MentorRequest]:
    """A mentee's request in a program the user coordinates.

    The request is loaded without what the mentee wrote to the mentor: coordinators see
    its status only.
    """
    program = get_program_for_coordinator(user, program_pk)
    requests = MentorRequest.objects.for_coordinators()
    return program, get_object_or_404(requests, program=program, pk=pk)


def get_own_invitation(user, pk) -> ProgramInvitation:
    """An invitation to the user, waiting for their answer; a 404 for anyone else."""
    invitations = ProgramInvitation.objects.select_related("program", "user")
    return get_object_or_404(invitations, pk=pk, user=user)


def find_join_link(token: str) -> JoinLink | None:
    """The link this secret opens, revoked or expired too (its page says so), or None.

    Only the token's SHA-256 is stored and looked up, as for calendar feeds.
    """
    links = JoinLink.objects.select_related("program")
    return links.filter(token_hash=hash_join_token(token)).first()


def get_join_link_for_coordinator(user, program_pk) -> tuple[Program, JoinLink | None]:
    """A program the user coordinates, and its live join link if it has one."""
    program = get_program_for_coordinator(user, program_pk)
    link = JoinLink.objects.live().filter(program=program).select_related("created_by").first()
    return program, link


def get_join_request_for_coordinator(user, program_pk, pk) -> tuple[Program, JoinRequest]:
    """Someone waiting to join a program the user coordinates; a 404 for anyone else."""
    program = get_program_for_coordinator(user, program_pk)
    waiting = JoinRequest.objects.select_related("user", "program")
    return program, get_object_or_404(waiting, program=program, pk=pk)


def get_own_coordinator_invitation(user, program_pk) -> CoordinatorInvitation:
    """The user's invitation to co-coordinate the program; a 404 for anyone else."""
    invitations = CoordinatorInvitation.objects.select_related("program", "user")
    return get_object_or_404(invitations, program_id=program_pk, user=user)


def get_coordinator_of_program(user, program_pk, person_pk) -> tuple[Program, User]:
    """A program the user coordinates, and one of its coordinators (the user too)."""
    program = get_program_for_coordinator(user, program_pk)
    return program, get_object_or_404(program.coordinators.all(), pk=person_pk)


def get_participant_for_coordinator(user, program_pk, pk) -> tuple[Program, Participant]:
    """A person's role in a program the user coordinates; a 404 for anyone else."""
    program = get_program_for_coordinator(user, program_pk)
    participants = Participant.objects.select_related("user", "program")
    return program, get_object_or_404(participants, program=program, pk=pk)
