"""Enrolment workflows: inviting people into a program, inviting them again, and answering.

Everyone a coordinator invites is treated alike, whether their address already had an account
or not: each gets an invitation by email and joins the program only by accepting it. So the
counts, the messages and the list of who has joined never tell a coordinator who already uses
the toolkit.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils.translation import gettext

from accounts.models import User
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.enrolment.csv_import import Invitee, users_by_email
from mentoring.enrolment.models import ProgramInvitation
from mentoring.lib.email import send_templated_email
from mentoring.programs.models import Participant, Program


@task
def send_invitations(*, invitation_ids: list[int]) -> None:
    """Email each invitation still waiting for an answer.

    Someone without a password yet (new, or invited before and never signed in) also gets a
    link to choose one.
    """
    invitations = ProgramInvitation.objects.filter(
        pk__in=invitation_ids, user__is_active=True
    ).select_related("program", "user", "invited_by")
    link_valid_days = datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT).days
    for invitation in invitations:
        person = invitation.user
        # The set-password link is a credential: the email task makes it, with the template's
        # {% set_password_url %}, so it never waits in the task table.
        send_templated_email(
            "enrolment/email/invitation",
            {
                "program": invitation.program,
                "invited_by": invitation.invited_by,
                "person": person,
                "role": Participant.Role(invitation.role),
                "needs_password": not person.has_usable_password(),
                "link_valid_days": link_valid_days,
            },
            to=[person],
        )


def invite_participants(*, program: Program, invitees: list[Invitee], invited_by: User) -> int:
    """Invite everyone to the program, creating accounts for new addresses, all or nothing.

    Returns how many were invited. The file was checked before; if someone invited the same
    people meanwhile, the database constraints refuse the whole import and the coordinator is
    told to upload it again.
    """
    program.check_not_archived()
    try:
        with transaction.atomic():
            return _invite(program=program, invitees=invitees, invited_by=invited_by)
    except IntegrityError:
        raise ValidationError(
            gettext(
                "Some of these people were invited by someone else while the file was being "
                "imported, so nothing was imported. Upload the file again to see which."
            )
        ) from None


def _invite(*, program: Program, invitees: list[Invitee], invited_by: User) -> int:
    existing = users_by_email([invitee.email for invitee in invitees])
    new_users = []
    for invitee in invitees:
        if invitee.email in existing:
            continue
        user = User(email=invitee.email, full_name=invitee.name, department=invitee.department)
        user.set_unusable_password()
        new_users.append(user)
    User.objects.bulk_create(new_users)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=False)
        for user in new_users
    )
    people = existing | {user.email: user for user in new_users}
    invitations = ProgramInvitation.objects.bulk_create(
        ProgramInvitation(
            program=program,
            user=people[invitee.email],
            role=invitee.role,
            department=invitee.department,
            invited_by=invited_by,
        )
        for invitee in invitees
    )
    invitation_ids = [invitation.pk for invitation in invitations]
    one = people[invitees[0].email] if len(invitees) == 1 else None
    record(
        Action.ENROLLED,
        actor=invited_by,
        subject=one,
        program=program,
        detail=f"invited {len(invitation_ids)}",
    )
    # Links and emails are made in the background: thousands of them would outlast the request.
    transaction.on_commit(lambda: send_invitations.enqueue(invitation_ids=invitation_ids))
    return len(invitation_ids)


def awaiting_answer(program: Program):
    """The people invited to the program who have not accepted or declined yet."""
    return User.objects.filter(
        pk__in=ProgramInvitation.objects.filter(program=program).values("user")
    )


def resend_invitations(*, program: Program) -> int:
    """The invitation again to everyone who has not answered yet; returns to how many people.

    For an email that never arrived (a failed send is not retried) or whose set-password link
    expired: the new email has a fresh one.
    """
    program.check_not_archived()
    invitations = (
        ProgramInvitation.objects.filter(program=program)
        .order_by("user_id", "role")
        .values_list("user_id", "pk")
    )
    first_of_each = {}
    for user_id, pk in invitations:
        # One email a person, even when they are invited in both roles.
        first_of_each.setdefault(user_id, pk)
    invitation_ids = list(first_of_each.values())
    if invitation_ids:
        transaction.on_commit(lambda: send_invitations.enqueue(invitation_ids=invitation_ids))
    return len(invitation_ids)


def accept_invitation(*, invitation: ProgramInvitation) -> Participant:
    """Make the invited person a participant in the invitation's role.

    Their profile is theirs: the department the coordinator's file gave fills it only if it
    is empty.
    """
    invitation.program.check_not_archived()
    person = invitation.user
    with transaction.atomic():
        # Someone already in this role (added in the admin, say) simply stays so.
        participant, _ = Participant.objects.get_or_create(
            program=invitation.program, user=person, role=invitation.role
        )
        if invitation.department and not person.department:
            person.department = invitation.department
            person.save(update_fields=["department"])
        invitation.delete()
        record(
            Action.ENROLLED,
            subject=person,
            program=invitation.program,
            detail="invitation accepted",
        )
    return participant


def decline_invitation(*, invitation: ProgramInvitation) -> None:
    invitation.delete()
