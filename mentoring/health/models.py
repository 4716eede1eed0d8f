"""How a pair is doing, as its members say it: the fit check after the first meeting, the
pulse survey every so often, and the closing feedback.

A fit check answer is its author's alone. Their partner never sees it; the program's coordinators
learn only that someone in the pair answered "Not a fit" (`FitCheckQuerySet.not_a_fit`), never
who, and never why.
"""

import datetime
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.lib.text import validate_multiline
from mentoring.programs.models import Mentorship, Program

FIT_QUESTION = _("After your first meeting, how is the fit?")
WHY_LENGTH = 2000


class Fit(models.TextChoices):
    GOOD = "good", _("A good fit")
    DECIDING = "deciding", _("Still deciding")
    NOT_A_FIT = "not_a_fit", _("Not a fit")


class FitCheckQuerySet(models.QuerySet):
    def not_a_fit(self):
        return self.filter(answer=Fit.NOT_A_FIT)


class FitCheck(models.Model):
    """One member's answer to the fit check. Answering again replaces it."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="fit_checks")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(FIT_QUESTION, max_length=10, choices=Fit)
    why = models.TextField(
        _("Why? (optional)"),
        max_length=WHY_LENGTH,
        blank=True,
        validators=[validate_multiline],
        help_text=_(
            "Only you see this: never your partner, never your coordinator. "
            "Up to 2,000 characters."
        ),
    )
    answered_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = FitCheckQuerySet.as_manager()

    class Meta:
        ordering = ["mentorship", "answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"],
                name="fit_check_one_per_member",
                violation_error_message=_(
                    "You have already answered; your new answer replaces it."
                ),
            )
        ]

    def __str__(self):
        return f"Fit check of {self.mentorship}"


# The pulse survey: a few statements each member rates from 1 to 5, every so often.
PULSE_STATEMENTS = {
    "value": _("I get value from our meetings"),
    "follow_up": _("We follow up on action items"),
    "cadence": _("We meet as often as we agreed"),
}
AGREEMENT_SCALE = [
    (1, _("1 · Strongly disagree")),
    (2, _("2 · Disagree")),
    (3, _("3 · Neither agree nor disagree")),
    (4, _("4 · Agree")),
    (5, _("5 · Strongly agree")),
]
COMMENT_LENGTH = 1000
SHARED_ONLY_WHEN_TICKED = _(
    "Only you see it, unless you tick the box below: then your coordinators read it in the "
    "program's report, without your name or your pair's. Up to 1,000 characters."
)
# Rounds further than this into a pair are not counted (every 14 days at the most, 10 years).
MAX_PULSE_ROUNDS = 260


def rating(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        choices=AGREEMENT_SCALE,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


def pulse_round_at(mentorship: Mentorship, now: datetime.datetime) -> int:
    """Which pulse survey is open for the pair at `now`: 0 before the first, then 1, 2, ...
    `with_pulse_round` says the same in SQL, for many pairs at once."""
    program = mentorship.program
    since_first = now - mentorship.started_at - timedelta(days=program.pulse_first_after_days)
    if since_first < timedelta(0):
        return 0
    return min(since_first // timedelta(days=program.pulse_every_days) + 1, MAX_PULSE_ROUNDS)


def days_to_round(first_after_days: int, every_days: int, round_number: int) -> timedelta:
    """How long after a pair starts its pulse survey `round_number` opens."""
    return timedelta(days=first_after_days + (round_number - 1) * every_days)


def pulse_opens_at(mentorship: Mentorship, round_number: int) -> datetime.datetime:
    program = mentorship.program
    wait = days_to_round(program.pulse_first_after_days, program.pulse_every_days, round_number)
    return mentorship.started_at + wait


def with_pulse_round(pairs: models.QuerySet, now: datetime.datetime) -> models.QuerySet:
    """The pairs, each with `pulse_round` as `pulse_round_at` says. A round's date depends on
    its program's two settings, so there is a When per setting in use and round, up to the
    rounds of the oldest of the pairs: one query reads them, and the Case stays short."""
    schedules = (
        Program.objects.filter(mentorships__in=pairs.order_by().values("pk"))
        .values_list("pulse_first_after_days", "pulse_every_days")
        .annotate(oldest=models.Min("mentorships__started_at"))
        .order_by()
    )
    whens = []
    for first, every, oldest in schedules:
        rounds = min(max(((now - oldest).days - first) // every + 1, 0), MAX_PULSE_ROUNDS)
        for number in range(rounds, 0, -1):
            whens.append(
                models.When(
                    program__pulse_first_after_days=first,
                    program__pulse_every_days=every,
                    started_at__lte=now - days_to_round(first, every, number),
                    then=models.Value(number),
                )
            )
    return pairs.annotate(pulse_round=models.Case(*whens, default=models.Value(0)))


class PulseSurvey(models.Model):
    """One member's answers to one round of the pulse survey. Answering the same round again
    replaces them. The ratings feed the program's report as averages of enough people; the
    comment is its author's alone unless they share it, and is never shown with the pair."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="pulses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField()
    value = rating(PULSE_STATEMENTS["value"])
    follow_up = rating(PULSE_STATEMENTS["follow_up"])
    cadence = rating(PULSE_STATEMENTS["cadence"])
    comment = models.TextField(
        _("Anything else about how it is going? (optional)"),
        max_length=COMMENT_LENGTH,
        blank=True,
        validators=[validate_multiline],
        help_text=SHARED_ONLY_WHEN_TICKED,
    )
    share_comment = models.BooleanField(_("Share my comment with the coordinator"), default=False)
    answered_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mentorship", "round", "author"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author", "round"], name="pulse_once_per_member_and_round"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"pulse_{name}_from_1_to_5",
                )
                for name in PULSE_STATEMENTS
            ],
        ]

    def __str__(self):
        return f"Pulse survey {self.round} of {self.mentorship}"


RECOMMEND_QUESTION = _(
    "How likely are you to recommend this mentoring program to a colleague? "
    "(0 = not at all likely, 10 = extremely likely)"
)


class ClosingFeedback(models.Model):
    """A member's word on the program as their mentorship closes: how likely they are to
    recommend it (0 to 10, the report's NPS) and a comment meant for the coordinator."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="closing_feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recommend = models.PositiveSmallIntegerField(
        RECOMMEND_QUESTION,
        choices=[(score, str(score)) for score in range(11)],
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    comment = models.TextField(
        _("A comment for the program's coordinators (optional)"),
        max_length=COMMENT_LENGTH,
        blank=True,
        validators=[validate_multiline],
        help_text=_(
            "Your coordinators read it in the program's report, without your name or "
            "your pair's; your partner never does. Up to 1,000 characters."
        ),
    )
    answered_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mentorship", "author"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"], name="closing_feedback_once_per_member"
            ),
            models.CheckConstraint(
                condition=Q(recommend__lte=10), name="closing_feedback_recommend_0_to_10"
            ),
        ]

    def __str__(self):
        return f"Closing feedback on {self.mentorship}"
