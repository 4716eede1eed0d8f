"""Co-coordinators: a program's coordinators invite others to coordinate it with them, and
remove them; the invited person accepts or declines.

Only an existing account can coordinate, but nothing the inviting coordinator sees says
whether an address has one: the page answers every address in the same words, and the
invitations waiting for an answer are listed to their invited person only.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.enrolment.csv_import import users_by_email
from mentoring.enrolment.models import CoordinatorInvitation
from mentoring.lib.email import send_templated_email
from mentoring.programs.models import Program


def invite_coordinator(*, program: Program, email: str, invited_by: User) -> None:
    """Email an invitation to co-coordinate, if the address has an active account that does
    not coordinate the program yet; otherwise nothing happens. Asking again for someone invited
    already sends the email again. Returns nothing, so no caller can tell the cases apart."""
    person = users_by_email([email.strip().lower()]).get(email.strip().lower())
    if person is None or not person.is_active:
        return
    with transaction.atomic():
        if program.coordinators.filter(pk=person.pk).exists():
            return
        invitation, _ = CoordinatorInvitation.objects.get_or_create(
            program=program, user=person, defaults={"invited_by": invited_by}
        )
        send_templated_email(
            "enrolment/email/coordinator_invitation",
            {"program": program, "invited_by": invited_by, "person": person},
            to=[person],
        )


def accept_coordination(*, invitation: CoordinatorInvitation) -> Program:
    with transaction.atomic():
        invitation.program.coordinators.add(invitation.user)
        invitation.delete()
        record(
            Action.ENROLLED,
            subject=invitation.user,
            program=invitation.program,
            detail="coordinator",
        )
    return invitation.program


def decline_coordination(*, invitation: CoordinatorInvitation) -> None:
    invitation.delete()


@transaction.atomic
def remove_coordinator(*, program: Program, person: User) -> None:
    """Take the person off the program's coordinators; a program keeps at least one.

    The program's row is locked, so two coordinators removing each other at once cannot
    leave it with none.
    """
    program = Program.objects.select_for_update().get(pk=program.pk)
    coordinators = set(program.coordinators.values_list("pk", flat=True))
    if person.pk not in coordinators:
        raise ValidationError(
            gettext("%(person)s does not coordinate %(program)s.")
            % {"person": person, "program": program}
        )
    if len(coordinators) == 1:
        raise ValidationError(
            gettext(
                "%(person)s is the only coordinator of %(program)s: add another coordinator first."
            )
            % {"person": person, "program": program}
        )
    program.coordinators.remove(person)
    record(Action.REMOVED, subject=person, program=program, detail="coordinator")
