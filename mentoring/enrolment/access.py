"""Who may reach what in enrolment: a program's coordinators, and nobody else (404).

Invitations are the exception: each is its invited person's own, and nobody else's, not even
the coordinators' who sent it.
"""

from django.shortcuts import get_object_or_404

from mentoring.enrolment.models import ProgramInvitation
from mentoring.preparation.models import MentorRequest
from mentoring.programs.access import get_program_for_coordinator
from mentoring.programs.models import Program


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
