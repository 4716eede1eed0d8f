"""Answering the fit check, and telling the coordinators when someone finds it is not a fit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from mentoring.health.models import Fit, FitCheck
from mentoring.lib.email import send_templated_email
from mentoring.meetings.models import Meeting
from mentoring.programs.models import Mentorship, Phase


def why_fit_check_closed(
    mentorship: Mentorship, *, meetings_held: int | None = None
) -> str | None:
    """Why the pair cannot answer the fit check now, or None when it can. `meetings_held`, when
    the caller has counted them already (the pair's page), saves a query."""
    if not mentorship.is_open:
        return "This mentorship has ended, so its fit check is closed."
    if mentorship.phase != Phase.ENABLING:
        return (
            "The fit check comes after your first meeting, in the Enabling phase; "
            f"you are in {mentorship.get_phase_display()}."
        )
    if meetings_held is None:
        meetings_held = Meeting.objects.for_mentorship(mentorship).held().exists()
    if not meetings_held:
        return "The fit check opens once your first meeting is marked as held."
    return None


def answer_fit_check(
    *, mentorship: Mentorship, user: User, answer: str, why: str = ""
) -> tuple[FitCheck, bool]:
    """Save a member's own answer, replacing an earlier one. Returns it and whether it newly
    says "Not a fit", in which case the program's coordinators are told by email that someone
    in the pair answered so: not who, not why."""
    if not mentorship.has_member(user):
        raise ValidationError("Only the mentor and the mentee answer their fit check.")
    if reason := why_fit_check_closed(mentorship):
        raise ValidationError(reason)
    with transaction.atomic():
        # get_or_create survives a double submit of a first answer; the lock orders two saves.
        row, created = FitCheck.objects.get_or_create(
            mentorship=mentorship,
            author=user,
            defaults={"answer": answer, "answered_at": timezone.now()},
        )
        check = FitCheck.objects.select_for_update().get(pk=row.pk)
        before = None if created else check.answer
        check.answer, check.why = answer, why
        check.full_clean(exclude=["mentorship", "author"])
        check.save()
        newly_not_a_fit = answer == Fit.NOT_A_FIT and before != Fit.NOT_A_FIT
        if newly_not_a_fit:
            _tell_coordinators(mentorship)
    return check, newly_not_a_fit


def _tell_coordinators(mentorship: Mentorship) -> None:
    coordinators = list(mentorship.program.coordinators.all())
    if coordinators:
        send_templated_email("health/email/not_a_fit", {"mentorship": mentorship}, to=coordinators)
