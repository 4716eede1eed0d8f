"""Taking a person out of a program: their open pair is closed by a coordinator, with the
reason, as closing from the pair's page would (`closure.services.close_by_coordinator`), and
nothing they wrote is deleted: the pair, its agreement, meetings and notes stay, read-only,
for its members."""

from django.db import transaction

from accounts.models import User
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.closure.models import Closure
from mentoring.closure.services import close_by_coordinator
from mentoring.preparation.models import MentorRequest
from mentoring.preparation.services import (
    decline_mentor_request,
    disapprove_mentor_request,
    withdraw_mentor_request,
)
from mentoring.programs.models import Mentorship, Participant


def open_pairs_of(participant: Participant):
    """The participant's open pairs in their program, in the role they hold there."""
    role = "mentee" if participant.role == Participant.Role.MENTEE else "mentor"
    return Mentorship.objects.open().filter(
        program_id=participant.program_id, **{role: participant.user_id}
    )


@transaction.atomic
def remove_participant(
    *, participant: Participant, coordinator: User, reason: str = "", reason_other: str = ""
) -> list[Closure]:
    """Close the participant's open pairs with the reason (both members are told by email),
    then take them out of the program in that role. Returns the closures."""
    participant.program.check_not_archived()
    closures = [
        close_by_coordinator(
            mentorship=pair, coordinator=coordinator, reason=reason, reason_other=reason_other
        )
        for pair in open_pairs_of(participant).with_people()
    ]
    # Requests still waiting would keep a mentee from asking anyone else: a removed mentor's
    # are declined (the mentee is told), a removed mentee's withdrawn.
    in_program = MentorRequest.objects.filter(program_id=participant.program_id)
    if participant.role == Participant.Role.MENTOR:
        to_them = in_program.filter(mentor_id=participant.user_id)
        for mentor_request in to_them.pending():
            decline_mentor_request(mentor_request=mentor_request)
        for mentor_request in to_them.awaiting_approval():
            disapprove_mentor_request(mentor_request=mentor_request, coordinator=coordinator)
    else:
        for mentor_request in in_program.waiting().filter(mentee_id=participant.user_id):
            withdraw_mentor_request(mentor_request=mentor_request)
    participant.delete()
    record(
        Action.REMOVED,
        actor=coordinator,
        subject=participant.user,
        program=participant.program_id,
        detail=participant.role,
    )
    return closures
