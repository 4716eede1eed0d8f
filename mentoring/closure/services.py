"""Workflows of the Closure phase: each validates, saves in a transaction, and tells people.

Every workflow that changes the pair's phase locks the mentorship's row first, so two clicks at
once (or a member and a coordinator at once) see each other's result instead of both winning.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mentoring.agreements.models import Goal
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.closure.models import (
    ClosingReflection,
    Closure,
    GoalOutcome,
    GoalOutcomes,
    Reason,
    ThankYouNote,
    describe_missing,
    outcomes_still_to_record,
)
from mentoring.lib.email import send_templated_email
from mentoring.programs.models import Mentorship, Participant, Phase


class ClosureError(Exception):
    """An action that cannot happen as asked; the message says why, in plain words."""


class OutcomesMissing(ClosureError):
    """The closure cannot complete yet: some goal still needs an outcome from someone."""

    def __init__(self, missing: list[GoalOutcomes]):
        super().__init__(describe_missing(missing))
        self.missing = missing

    def message_for(self, viewer: User) -> str:
        """The same, with the viewer as "you"."""
        return describe_missing(self.missing, viewer)


def _lock(mentorship: Mentorship) -> Mentorship:
    locked = Mentorship.objects.select_for_update(of=("self",)).with_people().get(pk=mentorship.pk)
    if not locked.is_open:
        raise ClosureError(gettext("This mentorship is already closed; nothing changed."))
    return locked


def _check_in_closure(mentorship: Mentorship) -> None:
    if mentorship.phase != Phase.CLOSURE:
        raise ClosureError(
            gettext(
                "This comes in the Closure phase, once you have both agreed to close; "
                "you are in %(phase)s."
            )
            % {"phase": mentorship.get_phase_display()}
        )


@transaction.atomic
def propose_closure(
    *, mentorship: Mentorship, user: User, reason: str, reason_other: str = ""
) -> Closure:
    """A member proposes to close; the other member is asked to confirm."""
    mentorship = _lock(mentorship)
    if mentorship.phase != Phase.ENABLING:
        raise ClosureError(
            gettext("A pair proposes to close in the Enabling phase; yours is in %(phase)s.")
            % {"phase": mentorship.get_phase_display()}
        )
    pending = Closure.objects.pending().filter(mentorship=mentorship).first()
    if pending is not None:
        if pending.proposed_by_id == user.pk:
            raise ClosureError(
                gettext("You have already proposed to close; %(partner)s has not answered yet.")
                % {"partner": mentorship.partner_of(user)}
            )
        raise ClosureError(
            gettext(
                "%(partner)s has already proposed to close: confirm or decline their proposal."
            )
            % {"partner": mentorship.partner_of(user)}
        )
    closure = Closure(
        mentorship=mentorship,
        proposed_by=user,
        reason=reason,
        reason_other=reason_other if reason == Reason.OTHER else "",
    )
    closure.full_clean()
    closure.save()
    partner = mentorship.partner_of(user)
    send_templated_email(
        "closure/email/proposed", {"closure": closure, "to": partner}, to=[partner]
    )
    return closure


# What a proposal already answered says, one sentence for each answer.
ALREADY = {
    Closure.Status.DECLINED: _("This proposal was already declined; nothing changed."),
    Closure.Status.WITHDRAWN: _("This proposal was already withdrawn; nothing changed."),
    Closure.Status.AGREED: _("This proposal was already agreed by both; nothing changed."),
}


def _lock_waiting(closure: Closure) -> Closure:
    """The proposal, locked with its pair, if it still waits for an answer."""
    mentorship = _lock(closure.mentorship)
    locked = Closure.objects.select_for_update().get(pk=closure.pk)
    locked.mentorship = mentorship
    if not locked.is_pending:
        already = ALREADY.get(locked.status) or gettext(
            "This proposal was already %(status)s; nothing changed."
        ) % {"status": locked.get_status_display().lower()}
        raise ClosureError(str(already))
    return locked


def _lock_pending(closure: Closure, user: User) -> Closure:
    """The proposal, for the member who did not make it to answer."""
    locked = _lock_waiting(closure)
    mentorship = locked.mentorship
    if locked.proposed_by_id == user.pk:
        raise ClosureError(
            gettext("You proposed this yourself: %(partner)s confirms or declines it.")
            % {"partner": mentorship.partner_of(user)}
        )
    return locked


@transaction.atomic
def confirm_closure(*, closure: Closure, user: User) -> Closure:
    """The other member agrees: the pair moves to the Closure phase."""
    closure = _lock_pending(closure, user)
    closure.status = Closure.Status.AGREED
    closure.answered_by = user
    closure.answered_at = timezone.now()
    closure.save(update_fields=["status", "answered_by", "answered_at"])
    closure.mentorship.start_closure()
    return closure


@transaction.atomic
def decline_closure(*, closure: Closure, user: User) -> Closure:
    closure = _lock_pending(closure, user)
    closure.status = Closure.Status.DECLINED
    closure.answered_by = user
    closure.answered_at = timezone.now()
    closure.save(update_fields=["status", "answered_by", "answered_at"])
    return closure


@transaction.atomic
def withdraw_closure(*, closure: Closure, user: User) -> Closure:
    """The proposer takes back their proposal while it waits; the partner is told."""
    closure = _lock_waiting(closure)
    mentorship = closure.mentorship
    if closure.proposed_by_id != user.pk:
        raise ClosureError(
            gettext("%(proposer)s made this proposal: confirm or decline it instead.")
            % {"proposer": closure.proposed_by}
        )
    closure.status = Closure.Status.WITHDRAWN
    closure.answered_by = user
    closure.answered_at = timezone.now()
    closure.save(update_fields=["status", "answered_by", "answered_at"])
    partner = mentorship.partner_of(user)
    send_templated_email(
        "closure/email/withdrawn", {"closure": closure, "to": partner}, to=[partner]
    )
    return closure


@transaction.atomic
def close_by_coordinator(
    *, mentorship: Mentorship, coordinator: User, reason: str, reason_other: str = ""
) -> Closure:
    """A coordinator ends the mentorship at once; both members are told by email."""
    mentorship = _lock(mentorship)
    closure = Closure(
        mentorship=mentorship,
        status=Closure.Status.BY_COORDINATOR,
        proposed_by=coordinator,
        reason=reason,
        reason_other=reason_other if reason == Reason.OTHER else "",
    )
    closure.full_clean()
    closure.save()
    mentorship.close()
    record(Action.CLOSED_BY_COORDINATOR, actor=coordinator, mentorship=mentorship, detail=reason)
    for person in (mentorship.mentee, mentorship.mentor):
        send_templated_email(
            "closure/email/closed_by_coordinator", {"closure": closure, "to": person}, to=[person]
        )
    return closure


@transaction.atomic
def close_for_departure(*, mentorship: Mentorship, leaving: User) -> Closure:
    """A member deleted their account: the pair ends at once, and the partner is told. Its
    record stays with the partner, read-only."""
    mentorship = _lock(mentorship)
    closure = Closure.objects.create(
        mentorship=mentorship,
        status=Closure.Status.PARTICIPANT_LEFT,
        proposed_by=leaving,
        reason=Reason.PARTICIPANT_LEFT,
    )
    mentorship.close()
    partner = mentorship.partner_of(leaving)
    send_templated_email(
        "closure/email/partner_left", {"closure": closure, "to": partner}, to=[partner]
    )
    return closure


@transaction.atomic
def close_as_not_a_fit(*, mentorship: Mentorship, member: User) -> Closure:
    """A member ends the pair at once after its fit check, without asking the other to agree:
    a pair that does not fit should not have to negotiate its end. The partner and the
    program's coordinators are told that it ended after the fit check; the mentee goes back to
    choosing a mentor with everything they prepared kept (it is theirs, not the pair's)."""
    mentorship = _lock(mentorship)
    if not mentorship.has_member(member):
        raise ClosureError(
            gettext("Only the mentor and the mentee can end their mentorship this way.")
        )
    if mentorship.phase != Phase.ENABLING:
        raise ClosureError(
            gettext("You have already agreed to close: finish the closure from its page instead.")
        )
    closure = Closure.objects.create(
        mentorship=mentorship,
        status=Closure.Status.NOT_A_FIT,
        proposed_by=member,
        reason=Reason.NOT_A_FIT,
    )
    mentorship.close()
    partner = mentorship.partner_of(member)
    for person in (partner, member):
        send_templated_email(
            "closure/email/not_a_fit", {"closure": closure, "to": person}, to=[person]
        )
    coordinators = list(mentorship.program.coordinators.all())
    if coordinators:
        send_templated_email(
            "closure/email/not_a_fit_coordinator", {"mentorship": mentorship}, to=coordinators
        )
    return closure


@transaction.atomic
def record_outcome(
    *, mentorship: Mentorship, goal: Goal, user: User, outcome: str, comment: str = ""
) -> GoalOutcome:
    mentorship = _lock(mentorship)
    _check_in_closure(mentorship)
    record = GoalOutcome.objects.filter(goal=goal, author=user).first() or GoalOutcome(
        mentorship=mentorship, goal=goal, author=user
    )
    record.outcome = outcome
    record.comment = comment
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def save_closing_reflection(
    *, mentorship: Mentorship, user: User, feelings: str
) -> ClosingReflection:
    """A member's own closing reflection on the whole experience: theirs alone."""
    mentorship = _lock(mentorship)
    _check_in_closure(mentorship)
    reflection = ClosingReflection.objects.filter(
        mentorship=mentorship, author=user
    ).first() or ClosingReflection(mentorship=mentorship, author=user)
    reflection.feelings = feelings
    reflection.full_clean()
    reflection.save()
    return reflection


@transaction.atomic
def send_thanks(*, mentorship: Mentorship, user: User, text: str) -> ThankYouNote:
    """The mentee thanks the mentor, once; the mentor gets it by email and on their page."""
    mentorship = _lock(mentorship)
    _check_in_closure(mentorship)
    if mentorship.role_of(user) != Participant.Role.MENTEE:
        raise ClosureError(gettext("The mentee thanks the mentor."))
    sent = ThankYouNote.objects.filter(mentorship=mentorship).first()
    if sent is not None:
        raise ClosureError(
            gettext("You already thanked %(mentor)s on %(date)s; your note is below.")
            % {"mentor": mentorship.mentor, "date": date_format(sent.sent_at, gettext("F j, Y"))}
        )
    note = ThankYouNote(mentorship=mentorship, text=text)
    note.full_clean()
    note.save()
    send_templated_email("closure/email/thank_you", {"note": note}, to=[mentorship.mentor])
    return note


@transaction.atomic
def offer_to_mentor(*, user: User) -> User:
    """Put the person in the mentor pool, with room for at least one mentee."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.open_to_mentoring = True
    user.mentee_capacity = max(user.mentee_capacity, 1)
    user.save(update_fields=["open_to_mentoring", "mentee_capacity"])
    return user


def check_completion(*, mentorship: Mentorship) -> None:
    """Why the closure cannot complete now, raised; nothing if it can. Completing checks it
    again under the lock; a page asks it first, to say everything that stands in the way."""
    _check_in_closure(mentorship)
    missing = outcomes_still_to_record(mentorship)
    if missing:
        raise OutcomesMissing(missing)


@transaction.atomic
def complete_closure(*, mentorship: Mentorship) -> Mentorship:
    """End the mentorship for good, once both members have recorded every goal's outcome:
    from now on its record is read-only everywhere."""
    mentorship = _lock(mentorship)
    check_completion(mentorship=mentorship)
    mentorship.close()
    return mentorship
