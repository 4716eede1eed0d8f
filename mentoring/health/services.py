"""Answering the fit check (telling the coordinators when someone finds it is not a fit), the
pulse survey and the closing feedback. Each answer is its author's; answering again replaces
it (the later answer is the one kept)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.models import User
from mentoring.closure.models import Closure
from mentoring.closure.services import ClosureError, close_as_not_a_fit
from mentoring.health.models import (
    ClosingFeedback,
    Fit,
    FitCheck,
    PulseSurvey,
    pulse_opens_at,
    pulse_round_at,
)
from mentoring.lib.email import send_templated_email
from mentoring.meetings.models import Meeting
from mentoring.programs.models import Mentorship, Phase


def why_fit_check_closed(
    mentorship: Mentorship, *, meetings_held: int | None = None
) -> str | None:
    """Why the pair cannot answer the fit check now, or None when it can. `meetings_held`, when
    the caller has counted them already (the pair's page), saves a query."""
    if not mentorship.is_open:
        return gettext("This mentorship has ended, so its fit check is closed.")
    if mentorship.phase != Phase.ENABLING:
        return gettext(
            "The fit check comes after your first meeting, in the Enabling phase; "
            "you are in %(phase)s."
        ) % {"phase": mentorship.get_phase_display()}
    if meetings_held is None:
        meetings_held = Meeting.objects.for_mentorship(mentorship).held().exists()
    if not meetings_held:
        return gettext("The fit check opens once your first meeting is marked as held.")
    return None


def answer_fit_check(
    *, mentorship: Mentorship, user: User, answer: str, why: str = ""
) -> tuple[FitCheck, bool]:
    """Save a member's own answer, replacing an earlier one. Returns it and whether it newly
    says "Not a fit", in which case the program's coordinators are told by email that someone
    in the pair answered so: not who, not why."""
    if not mentorship.has_member(user):
        raise ValidationError(gettext("Only the mentor and the mentee answer their fit check."))
    if reason := why_fit_check_closed(mentorship):
        raise ValidationError(reason)
    check, before = _save_own_answer(
        FitCheck, mentorship=mentorship, author=user, fields={"answer": answer, "why": why}
    )
    newly_not_a_fit = answer == Fit.NOT_A_FIT and before.get("answer") != Fit.NOT_A_FIT
    if newly_not_a_fit:
        _tell_coordinators(mentorship)
    return check, newly_not_a_fit


def _tell_coordinators(mentorship: Mentorship) -> None:
    coordinators = list(mentorship.program.coordinators.all())
    if coordinators:
        send_templated_email("health/email/not_a_fit", {"mentorship": mentorship}, to=coordinators)


def why_no_way_out(mentorship: Mentorship, *, answer: str | None) -> str | None:
    """Why a member whose fit check says `answer` (None: not answered) cannot take the way
    out, ending the pair at once; None when they can. Ending checks it again, under the lock
    (`close_as_not_a_fit`), for the phase."""
    if not mentorship.is_open:
        return gettext("This mentorship has already ended; nothing changed.")
    if mentorship.phase != Phase.ENABLING:
        return gettext(
            "You have already agreed to close: finish the closure from its page instead."
        )
    if answer != Fit.NOT_A_FIT:
        return gettext(
            "The fit check's way out is for a member who answered “Not a fit”: answer it so "
            "first, or propose to close the mentorship from its Closure page."
        )
    return None


def end_as_not_a_fit(*, mentorship: Mentorship, user: User) -> Closure:
    """The way out the fit check offers: a member who answered "Not a fit" ends the pair at
    once. Raises ClosureError, in words for them, when they cannot."""
    answer = (
        FitCheck.objects.filter(mentorship=mentorship, author=user)
        .values_list("answer", flat=True)
        .first()
    )
    if reason := why_no_way_out(mentorship, answer=answer):
        raise ClosureError(reason)
    return close_as_not_a_fit(mentorship=mentorship, member=user)


def why_pulse_closed(mentorship: Mentorship, *, now=None) -> str | None:
    """Why the pair has no pulse survey to answer now, or None when it has one."""
    if not mentorship.is_open:
        return gettext("This mentorship has ended, so it has no pulse survey any more.")
    now = now or timezone.now()
    if pulse_round_at(mentorship, now) == 0:
        opens = timezone.localdate(pulse_opens_at(mentorship, 1))
        return gettext("The first pulse survey opens on %(date)s.") % {
            "date": date_format(opens, gettext("F j, Y"))
        }
    return None


@transaction.atomic
def _save_own_answer(model, *, author, fields: dict, **identity) -> tuple:
    """Create or replace the author's one answer: it and, if it replaced one, the earlier
    values of `fields` ({} for a first answer). A double submit of a first answer, or two
    saves at once, end with one row holding the later answer (the lock orders them)."""
    row, created = model.objects.get_or_create(
        author=author, defaults=fields | {"answered_at": timezone.now()}, **identity
    )
    answer = model.objects.select_for_update().get(pk=row.pk)
    before = {} if created else {name: getattr(answer, name) for name in fields}
    for name, value in fields.items():
        setattr(answer, name, value)
    answer.full_clean(exclude=["mentorship", "author"])
    answer.save()
    return answer, before


def answer_pulse(*, mentorship: Mentorship, user: User, **answers) -> PulseSurvey:
    """The member's answers to the pulse survey open now (its round), replacing earlier ones
    to the same round."""
    if not mentorship.has_member(user):
        raise ValidationError(gettext("Only the mentor and the mentee answer their pulse survey."))
    now = timezone.now()
    if reason := why_pulse_closed(mentorship, now=now):
        raise ValidationError(reason)
    if not answers.get("comment"):
        answers["share_comment"] = False
    pulse, _ = _save_own_answer(
        PulseSurvey,
        mentorship=mentorship,
        author=user,
        round=pulse_round_at(mentorship, now),
        fields=answers,
    )
    return pulse


def why_feedback_closed(mentorship: Mentorship) -> str | None:
    if not mentorship.is_open:
        return gettext("This mentorship has ended, so its closing feedback is closed.")
    if mentorship.phase != Phase.CLOSURE:
        return gettext(
            "Closing feedback comes in the Closure phase, once you have both agreed to close; "
            "you are in %(phase)s."
        ) % {"phase": mentorship.get_phase_display()}
    return None


def give_closing_feedback(*, mentorship: Mentorship, user: User, **answers) -> ClosingFeedback:
    if not mentorship.has_member(user):
        raise ValidationError(
            gettext("Only the mentor and the mentee give their closing feedback.")
        )
    if reason := why_feedback_closed(mentorship):
        raise ValidationError(reason)
    feedback, _ = _save_own_answer(
        ClosingFeedback, mentorship=mentorship, author=user, fields=answers
    )
    return feedback
