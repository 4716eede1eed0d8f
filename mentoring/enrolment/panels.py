"""Enrolment's part of home (mentoring/programs/panels.py): invitations waiting for this
person's answer. One query, with the program and who invited them."""

from mentoring.enrolment.models import ProgramInvitation
from mentoring.programs.panels import Panel

INVITATIONS_LIMIT = 5


def invitations(user) -> Panel | None:
    """The first few invitations, and whether there are more."""
    # Only what the card shows: the SQL for every column costs more than running it.
    shown = ("role", "created_at", "program__name", "invited_by__full_name", "invited_by__email")
    waiting = list(ProgramInvitation.objects.to(user).only(*shown)[: INVITATIONS_LIMIT + 1])
    if not waiting:
        return None
    context = {
        "invitations": waiting[:INVITATIONS_LIMIT],
        "more": len(waiting) > INVITATIONS_LIMIT,
    }
    return Panel("enrolment/includes/my_invitations.html", context)
