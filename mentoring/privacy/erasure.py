"""Deleting an account: what was private to the person is erased, what belongs to a pair
stays with the partner, attributed to "Former participant" (`User.erase`).

Each app says what erasing means for its own data, in its `privacy.py`; this module puts the
steps in order and refuses when the deletion would leave a program or the site unmanaged.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.utils.translation import gettext

from accounts.models import FORMER_PARTICIPANT, User
from mentoring.agreements import privacy as agreements
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.closure import privacy as closure
from mentoring.closure.services import close_for_departure
from mentoring.enabling import privacy as enabling
from mentoring.enrolment.models import CoordinatorInvitation, JoinRequest, ProgramInvitation
from mentoring.health import privacy as health
from mentoring.lib import page_cache
from mentoring.meetings import privacy as meetings
from mentoring.preparation import privacy as preparation
from mentoring.privacy.services import delete_exports_of
from mentoring.programs.models import Mentorship, Participant, Program
from mentoring.reminders.models import OptOut, Reminder
from mentoring.sso.models import ProviderSession

PHASES = [preparation, agreements, enabling, meetings, closure, health]

# Sent during the erasure, in its transaction, for the apps that use this one and so cannot be
# imported here (provisioning): each receiver deletes what it keeps about `user` and returns
# {what: how many}, for `AccountErased.removed`.
erasing_account = Signal()


@dataclass(frozen=True)
class AccountErased:
    pairs_closed: int
    removed: dict[str, int]


def why_not_erase(user: User) -> list[str]:
    """What must happen before this account can go; nothing when it can."""
    reasons = [
        gettext(
            "You are the only coordinator of %(program)s: add another coordinator, or archive "
            "the program, before deleting your account."
        )
        % {"program": program}
        for program in Program.objects.active()
        .filter(pk__in=user.coordinated_programs.values("pk"))
        .annotate(coordinator_count=Count("coordinators"))
        .filter(coordinator_count=1)
        .order_by("name")
    ]
    if user.is_superuser and not (
        User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
    ):
        reasons.append(
            gettext(
                "You are the site's only administrator: make someone else an administrator "
                "before deleting your account."
            )
        )
    return reasons


@transaction.atomic
def erase_account(*, user: User, by: User | None = None) -> AccountErased:
    """Erase the account of `user` (asked by themselves, or by staff as `by`). Raises
    ValidationError with every reason it cannot, and changes nothing then."""
    user = User.objects.select_for_update().get(pk=user.pk)
    # Two coordinators of one program leaving at once must not both pass `why_not_erase`.
    list(Program.objects.filter(coordinators=user).select_for_update().values_list("pk"))
    if user.is_erased:
        raise ValidationError(gettext("This account has been deleted already."))
    if reasons := why_not_erase(user):
        raise ValidationError(reasons)
    open_pairs = list(Mentorship.objects.open().of_member(user).with_people())
    for mentorship in open_pairs:
        close_for_departure(mentorship=mentorship, leaving=user)
    removed = {}
    for phase in PHASES:
        removed.update(phase.erase_person(user))
    removed |= {
        "program roles": Participant.objects.filter(user=user).delete()[0],
        "invitations": ProgramInvitation.objects.filter(user=user).delete()[0]
        + CoordinatorInvitation.objects.filter(user=user).delete()[0],
        "join requests": JoinRequest.objects.filter(user=user).delete()[0],
        "reminders": Reminder.objects.filter(recipient=user).delete()[0]
        + OptOut.objects.filter(user=user).delete()[0],
        "email addresses": EmailAddress.objects.filter(user=user).delete()[0],
        "two-factor devices": Authenticator.objects.filter(user=user).delete()[0],
        "identity provider links": SocialAccount.objects.filter(user=user).delete()[0]
        + ProviderSession.objects.filter(user=user).delete()[0],
        "copies of their data": delete_exports_of(user=user),
    }
    for _, counts in erasing_account.send(sender=User, user=user):
        removed |= counts
    user.coordinated_programs.clear()
    name, email = user.full_name, user.email
    user.erase()
    _scrub_admin_history(user, name, email)
    # Pages kept for viewers show the person's name and what they wrote: none outlive this.
    transaction.on_commit(page_cache.forget_all, robust=True)
    record(
        Action.ACCOUNT_DELETED,
        actor=by or user,
        subject=user,
        detail=f"{len(open_pairs)} open pairs closed",
    )
    return AccountErased(pairs_closed=len(open_pairs), removed=removed)


def _scrub_admin_history(user: User, name: str, email: str) -> None:
    """The admin's history labels each change with the object's name at the time: the
    person's, or "Name (Mentee, Program)" in a program's participant list. The record of the
    change stays, the name goes."""
    user_type = ContentType.objects.get_for_model(User)
    replacements = {email: FORMER_PARTICIPANT}
    if name:
        replacements[f"{name} ("] = f"{FORMER_PARTICIPANT} ("
    mentions = Q(content_type=user_type, object_id=str(user.pk))
    for label in replacements:
        mentions |= Q(object_repr__contains=label) | Q(change_message__contains=label)
    for entry in LogEntry.objects.filter(mentions):
        for label, said in replacements.items():
            entry.object_repr = entry.object_repr.replace(label, said)
            entry.change_message = entry.change_message.replace(label, said)
        if entry.content_type_id == user_type.pk and entry.object_id == str(user.pk):
            entry.object_repr = FORMER_PARTICIPANT
        entry.save(update_fields=["object_repr", "change_message"])
