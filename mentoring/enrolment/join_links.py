"""Join links: a program's shareable link, and joining by it (with approval where asked).

Kept beside `services.py` (invitations) as its own module: the link's lifecycle (make, renew,
revoke) and joining are one workflow, and every refusal says why in words for the person.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.adapter import JOIN_LINK_SESSION_KEY, domains_text
from accounts.availability import AVAILABILITY_FIELDS, availability_saved
from accounts.models import User
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.enrolment.models import JoinLink, JoinRequest, hash_join_token
from mentoring.lib.email import send_templated_email
from mentoring.lib.languages import short_date
from mentoring.programs.models import Participant, Program


class JoinRefused(ValidationError):
    """Why this person cannot join by this link, in words for them."""


@dataclass(frozen=True)
class Joined:
    """What joining did: made a participant, or a request waiting for approval."""

    participant: Participant | None = None
    waiting: JoinRequest | None = None


def closed_to_joins(program: Program) -> str | None:
    """Why the program no longer takes people (archived, or past its enrolment deadline), or
    None. Programs grow these fields; what a program has is what is checked."""
    if getattr(program, "archived_at", None) is not None:
        return gettext("%(program)s is archived: it no longer takes new people.") % {
            "program": program
        }
    deadline = getattr(program, "enrolment_deadline", None)
    if deadline is not None and deadline < timezone.localdate():
        return gettext("Enrolment in %(program)s closed on %(date)s.") % {
            "program": program,
            "date": short_date(deadline),
        }
    return None


def live_join_link_domains(request) -> list[str] | None:
    """For the sign-up policy: the domains the session's join link admits, if it still works."""
    link = (
        JoinLink.objects.select_related("program")
        .filter(pk=request.session.get(JOIN_LINK_SESSION_KEY))
        .first()
    )
    if link is None or link.is_revoked or link.is_expired or closed_to_joins(link.program):
        request.session.pop(JOIN_LINK_SESSION_KEY, None)
        return None
    return list(link.allowed_domains)


@transaction.atomic
def create_join_link(
    *,
    program: Program,
    created_by: User,
    expires_at: datetime.datetime | None = None,
    allowed_domains: list[str] | None = None,
    needs_approval: bool = False,
) -> tuple[JoinLink, str]:
    """A new join link for the program, and its secret (shown once: only its hash is kept).

    The program's earlier link, if any, stops working at once.
    """
    revoke_join_link(program=program)
    token = JoinLink.new_token()
    link = JoinLink.objects.create(
        program=program,
        token_hash=hash_join_token(token),
        created_by=created_by,
        expires_at=expires_at,
        allowed_domains=list(allowed_domains or []),
        needs_approval=needs_approval,
    )
    return link, token


def renew_join_link(*, link: JoinLink, created_by: User) -> tuple[JoinLink, str]:
    """A new secret with the same limits; the old link stops working."""
    return create_join_link(
        program=link.program,
        created_by=created_by,
        # A link that had expired is renewed without an end: otherwise it is born expired.
        expires_at=None if link.is_expired else link.expires_at,
        allowed_domains=link.allowed_domains,
        needs_approval=link.needs_approval,
    )


def revoke_join_link(*, program: Program) -> bool:
    """Turn the program's live link off; False if it had none."""
    return bool(JoinLink.objects.live().filter(program=program).update(revoked_at=timezone.now()))


def why_not(*, link: JoinLink, user: User) -> str | None:
    """Why the signed-in person cannot join by the link, or None if they can."""
    program = link.program
    if link.is_revoked:
        return gettext(
            "This join link was turned off. Ask the program's coordinator for a new one."
        )
    if link.is_expired:
        return gettext("This join link has expired. Ask the program's coordinator for a new one.")
    if closed := closed_to_joins(program):
        return closed
    roles = list(Participant.objects.filter(program=program, user=user).values_list("role"))
    if roles:
        held = [Participant.Role(role).label.lower() for (role,) in roles]
        if len(held) == 1:
            return gettext("You are already in %(program)s, as a %(role)s.") % {
                "program": program,
                "role": held[0],
            }
        # Two roles at most: a mentee and a mentor.
        return gettext("You are already in %(program)s, as a %(role)s and %(other_role)s.") % {
            "program": program,
            "role": held[0],
            "other_role": held[-1],
        }
    if JoinRequest.objects.filter(program=program, user=user).exists():
        return gettext(
            "You asked to join %(program)s already: a coordinator will approve it soon, and "
            "we will email you."
        ) % {"program": program}
    if not link.admits_email(user.email):
        return gettext(
            "This join link is for addresses at %(domains)s. "
            "Sign in with such an address to join %(program)s."
        ) % {"domains": domains_text(link.allowed_domains), "program": program}
    return None


def join_program(
    *, link: JoinLink, user: User, role: Participant.Role, profile_fields: list[str] = ()
) -> Joined:
    """Join the link's program in the role, or wait for approval where the link asks for it.

    Everything is checked again here (the page was shown a moment ago): a refusal raises
    JoinRefused with the reason, and saves nothing. `profile_fields` are the user's fields the
    join form set (a mentor's expertise and capacity), saved with the join.
    """
    try:
        with transaction.atomic():
            link = JoinLink.objects.select_for_update().select_related("program").get(pk=link.pk)
            if reason := why_not(link=link, user=user):
                raise JoinRefused(reason)
            if profile_fields:
                user.save(update_fields=list(profile_fields))
                if set(profile_fields) & set(AVAILABILITY_FIELDS):
                    # The same rules as the profile page: never a capacity below one's mentees.
                    availability_saved(user)
            program = link.program
            if link.needs_approval and program.coordinators.exists():
                waiting = JoinRequest.objects.create(
                    program=program, user=user, role=role, link=link
                )
                send_templated_email(
                    "enrolment/email/join_needs_approval",
                    # Not the request itself: it may be answered before the email is written.
                    {"person": user, "program": program, "role": role},
                    to=list(program.coordinators.all()),
                )
                return Joined(waiting=waiting)
            participant = Participant.objects.create(program=program, user=user, role=role)
            record(Action.ENROLLED, actor=user, subject=user, program=program, detail="join link")
            return Joined(participant=participant)
    except IntegrityError:
        # The same person, joining twice at once: the other request won.
        raise JoinRefused(
            gettext("You are already in %(program)s, or waiting to be.")
            % {"program": link.program}
        ) from None


def approve_join(*, join_request: JoinRequest) -> Participant:
    """Make the waiting person a participant in the role they chose, and tell them."""
    if closed := closed_to_joins(join_request.program):
        raise JoinRefused(closed)
    with transaction.atomic():
        participant, _ = Participant.objects.get_or_create(
            program=join_request.program, user=join_request.user, role=join_request.role
        )
        join_request.delete()
        record(
            Action.ENROLLED,
            subject=participant.user,
            program=participant.program_id,
            detail="join approved",
        )
        send_templated_email(
            "enrolment/email/join_approved",
            {"program": participant.program, "role": Participant.Role(participant.role)},
            to=[participant.user],
        )
    return participant


def decline_join(*, join_request: JoinRequest) -> None:
    """Forget the request and tell the person; they may ask again by a link."""
    with transaction.atomic():
        join_request.delete()
        send_templated_email(
            "enrolment/email/join_declined",
            {"program": join_request.program},
            to=[join_request.user],
        )
