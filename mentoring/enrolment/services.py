"""Enrolment workflows: inviting people into a program in bulk, and inviting them again."""

import datetime
from dataclasses import dataclass

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse

from accounts.models import User
from mentoring.enrolment.csv_import import Invitee, users_by_email
from mentoring.lib.email import send_templated_email
from mentoring.programs.models import Participant, Program


@dataclass(frozen=True)
class InviteResult:
    invited: int  # new accounts, sent a link to set their password
    added: int  # people who already had an account, told they were added


def set_password_url(user: User) -> str:
    """allauth's password-reset link: it lets an invited person choose their first password."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


@task
def send_invitations(*, program_id: int, invited_by_id: int, invitations: list) -> None:
    """Email each person enrolled by an import: `invitations` holds [user id, role, is new].

    New people get a link to set their password; the others are told they were added.
    """
    program = Program.objects.get(pk=program_id)
    invited_by = User.objects.get(pk=invited_by_id)
    people = User.objects.in_bulk([user_id for user_id, _, _ in invitations])
    context = {
        "program": program,
        "invited_by": invited_by,
        "site_url": settings.SITE_URL,
        "link_valid_for": datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
    }
    for user_id, role, is_new in invitations:
        person = people[user_id]
        details = {"person": person, "role": Participant.Role(role)}
        if is_new:
            details["url"] = set_password_url(person)
        send_templated_email(
            "enrolment/email/invitation" if is_new else "enrolment/email/added",
            context | details,
            to=[person.email],
        )


def invite_participants(
    *, program: Program, invitees: list[Invitee], invited_by: User
) -> InviteResult:
    """Enrol everyone in the program, creating accounts for new people, all or nothing.

    The file was checked before; if someone enrolled the same people meanwhile, the database
    constraints refuse the whole import and the coordinator is told to upload it again.
    """
    try:
        with transaction.atomic():
            return _invite(program=program, invitees=invitees, invited_by=invited_by)
    except IntegrityError:
        raise ValidationError(
            "Some of these people were enrolled by someone else while the file was being "
            "imported, so nothing was imported. Upload the file again to see which."
        ) from None


def _invite(*, program: Program, invitees: list[Invitee], invited_by: User) -> InviteResult:
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
    # Their name stays as they wrote it; only an empty department is filled in.
    departments = {invitee.email: invitee.department for invitee in invitees}
    filled = [
        user for email, user in existing.items() if not user.department and departments[email]
    ]
    for user in filled:
        user.department = departments[user.email_lower]
    User.objects.bulk_update(filled, ["department"])

    people = existing | {user.email: user for user in new_users}
    Participant.objects.bulk_create(
        Participant(program=program, user=people[invitee.email], role=invitee.role)
        for invitee in invitees
    )
    new_pks = {user.pk for user in new_users}
    invitations = [
        [people[invitee.email].pk, invitee.role.value, people[invitee.email].pk in new_pks]
        for invitee in invitees
    ]
    # Links and emails are made in the background: thousands of them would outlast the request.
    transaction.on_commit(
        lambda: send_invitations.enqueue(
            program_id=program.pk, invited_by_id=invited_by.pk, invitations=invitations
        )
    )
    return InviteResult(invited=len(new_users), added=len(invitees) - len(new_users))


def without_password(program: Program):
    """The program's people who have not chosen a password since they were invited."""
    return User.objects.filter(
        is_active=True,
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
        pk__in=Participant.objects.filter(program=program).values("user"),
    )


def resend_invitations(*, program: Program, invited_by: User) -> int:
    """A fresh link to everyone in the program still without a password; returns how many.

    For an invitation that never arrived (a failed send is not retried) or whose link expired.
    """
    roles = (
        Participant.objects.filter(program=program, user__in=without_password(program))
        .order_by("user_id", "role")
        .values_list("user_id", "role")
    )
    invitations = {}
    for user_id, role in roles:
        # One email a person, even when they take part in both roles.
        invitations.setdefault(user_id, [user_id, role, True])
    if invitations:
        transaction.on_commit(
            lambda: send_invitations.enqueue(
                program_id=program.pk,
                invited_by_id=invited_by.pk,
                invitations=list(invitations.values()),
            )
        )
    return len(invitations)
