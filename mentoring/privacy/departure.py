"""Someone leaving the organisation, as its directory says (SCIM `active: false`): the account
stops signing in and their pairs end, as they would if they had deleted it, but nothing is
erased. Their writing, their pairs' records and their profile stay, so that the directory can
bring the account back (`active: true`), and deleting it stays its own step
(`erasure.erase_account`), with its own rules."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.closure.services import close_for_departure
from mentoring.preparation.models import MentorRequest
from mentoring.preparation.privacy import close_requests_waiting_for
from mentoring.preparation.services import withdraw_mentor_request
from mentoring.programs.models import Mentorship
from mentoring.sso.models import ProviderSession


@dataclass(frozen=True)
class AccountDeactivated:
    pairs_closed: int
    requests_closed: int


@transaction.atomic
def deactivate_account(*, user: User, detail: str = "") -> AccountDeactivated:
    """Stop the account signing in (its sessions end at their next request: Django signs an
    inactive user out), end its open pairs as "participant left" with the partner told, and
    close the mentor requests it was part of, so nobody waits on someone who has gone."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return AccountDeactivated(pairs_closed=0, requests_closed=0)
    open_pairs = list(Mentorship.objects.open().of_member(user).with_people())
    for mentorship in open_pairs:
        close_for_departure(mentorship=mentorship, leaving=user)
    closed = close_requests_waiting_for(user)
    for mentor_request in MentorRequest.objects.waiting().filter(mentee=user):
        withdraw_mentor_request(mentor_request=mentor_request)
        closed += 1
    user.is_active = False
    user.save(update_fields=["is_active"])
    ProviderSession.objects.filter(user=user).delete()
    record(
        Action.ACCOUNT_DEACTIVATED,
        subject=user,
        detail=f"{detail}: {len(open_pairs)} open pairs closed".lstrip(": "),
    )
    return AccountDeactivated(pairs_closed=len(open_pairs), requests_closed=closed)


def reactivate_account(*, user: User, detail: str = "") -> bool:
    """Let a deactivated account sign in again; returns whether it was deactivated. The pairs
    that ended stay ended: a new one starts from a new request. An erased account stays
    erased."""
    changed = User.objects.filter(pk=user.pk, is_active=False, erased_at__isnull=True).update(
        is_active=True
    )
    if changed:
        user.is_active = True
        record(Action.ACCOUNT_REACTIVATED, subject=user, detail=detail)
    return bool(changed)
