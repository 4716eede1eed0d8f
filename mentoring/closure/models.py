"""Phase 4, Closure: ending the relationship well.

Either member proposes to close and the other confirms; a coordinator can also close a pair.
In the Closure phase each person records how each goal ended and a personal reflection, the
mentee thanks the mentor, and either of them completes the closure, which ends the mentorship.

Goal outcomes and the thank-you are shared by the pair; a personal reflection is its author's
alone. None of these is registered in the admin: coordinators see the status and the reason's
category on the pair's page, and nothing else.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.agreements.models import Goal
from mentoring.lib.text import up_to, validate_multiline, validate_single_line
from mentoring.programs.models import Mentorship

LONG_ANSWER = 3000
LONG_HELP = up_to(LONG_ANSWER)
SHORT_ANSWER = 1000
SHORT_HELP = up_to(SHORT_ANSWER)
OTHER_REASON = 300

# The toolkit's words for Phase 4 (tests/fixtures/toolkit.md), shown on every closure page.
GUIDANCE = _(
    "Be sensitive to when the relationship should end: changes, or the goals have been achieved "
    "and it is time to move on."
)
FEELINGS = _("Find a personal way to express your feelings about the experience")
THANKS = _("Thank the mentor for their knowledge and time provided")
OFFER = _("Offer to mentor others using what you have learned from this experience")
CELEBRATE = _("Celebrate!")
STEPS = [FEELINGS, THANKS, OFFER, CELEBRATE]


class Reason(models.TextChoices):
    GOALS_ACHIEVED = "goals_achieved", _("Goals achieved")
    CIRCUMSTANCES_CHANGED = "circumstances_changed", _("Circumstances changed")
    TIME_TO_MOVE_ON = "time_to_move_on", _("Time to move on")
    OTHER = "other", _("Other")
    # Not offered on any form: given when a member deletes their account, or ends the pair
    # after answering its fit check (mentoring/health) with "Not a fit".
    PARTICIPANT_LEFT = "participant_left", _("Participant left")
    NOT_A_FIT = "not_a_fit", _("Not a fit")


# What members and coordinators may choose when closing a pair.
CHOSEN_REASONS = [
    reason for reason in Reason if reason not in (Reason.PARTICIPANT_LEFT, Reason.NOT_A_FIT)
]


class ClosureQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Closure.Status.PROPOSED)

    def decided(self):
        return self.filter(status__in=Closure.DECIDED)

    def standing(self):
        """Proposals waiting for an answer and decisions; not the declined or withdrawn."""
        return self.exclude(status__in=[Closure.Status.DECLINED, Closure.Status.WITHDRAWN])


class Closure(models.Model):
    """A decision to close a mentorship: proposed by one member and answered by the other,
    or taken by a coordinator of the program. Declined and withdrawn proposals stay as history;
    a withdrawn one is "answered" by its proposer."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        AGREED = "agreed", _("Agreed by both")
        BY_COORDINATOR = "by_coordinator", _("Closed by a coordinator")
        PARTICIPANT_LEFT = "participant_left", _("Ended when a member left")
        NOT_A_FIT = "not_a_fit", _("Ended by a member after the fit check")

    DECIDED = [Status.AGREED, Status.BY_COORDINATOR, Status.PARTICIPANT_LEFT, Status.NOT_A_FIT]

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="closures")
    status = models.CharField(max_length=20, choices=Status, default=Status.PROPOSED)
    reason = models.CharField(_("Why close now?"), max_length=25, choices=Reason)
    reason_other = models.CharField(
        _("The other reason"),
        max_length=OTHER_REASON,
        blank=True,
        help_text=format_lazy(
            _("Needed when the reason is “Other”. Up to {count} characters."), count=OTHER_REASON
        ),
        validators=[validate_single_line],
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["mentorship", "-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship"],
                condition=Q(status="proposed"),
                name="closure_one_pending_proposal",
                violation_error_message=_("There is already a proposal to close waiting."),
            ),
            models.UniqueConstraint(
                fields=["mentorship", "status"],
                condition=Q(
                    status__in=["agreed", "by_coordinator", "participant_left", "not_a_fit"]
                ),
                name="closure_decided_once_each_way",
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(reason_other=""),
                name="closure_other_reason_is_said",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["proposed", "by_coordinator", "participant_left", "not_a_fit"]
                )
                | Q(answered_at__isnull=False, answered_by__isnull=False),
                name="closure_answered_when_agreed_or_declined",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.reason_text} ({self.mentorship})"

    @property
    def reason_text(self) -> str:
        return self.reason_other if self.reason == Reason.OTHER else self.get_reason_display()

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PROPOSED


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not", _("Not achieved")


class GoalOutcome(models.Model):
    """How one person says one goal of the agreement ended; the pair see each other's."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="goal_outcomes"
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("How did this goal end?"), max_length=10, choices=Outcome)
    comment = models.TextField(
        _("A few words on how it went (optional)"),
        max_length=SHORT_ANSWER,
        blank=True,
        help_text=SHORT_HELP,
        validators=[validate_multiline],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["goal__position", "author"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "author"], name="goal_outcome_once_per_author"
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: goal {self.goal_id} according to {self.author}"


@dataclass(frozen=True)
class GoalOutcomes:
    """One goal of the agreement in effect and what each member said of how it ended."""

    goal: Goal
    people: tuple  # the mentee and the mentor
    said: dict  # author id -> their GoalOutcome

    def of(self, user) -> GoalOutcome | None:
        return self.said.get(user.pk)

    @property
    def still_to_say(self) -> list:
        """The members who have not recorded this goal's outcome yet."""
        return [person for person in self.people if person.pk not in self.said]


def goal_outcomes(mentorship: Mentorship) -> list[GoalOutcomes]:
    """Every goal in effect with both members' outcomes (two queries): what the closure page
    shows, and what completing the closure waits on."""
    goals = list(Goal.objects.in_effect_for(mentorship).order_by("position"))
    people = (mentorship.mentee, mentorship.mentor)
    said = {goal.pk: {} for goal in goals}
    for outcome in GoalOutcome.objects.filter(
        goal__in=goals, author_id__in=[person.pk for person in people]
    ):
        said[outcome.goal_id][outcome.author_id] = outcome
    return [GoalOutcomes(goal=goal, people=people, said=said[goal.pk]) for goal in goals]


def outcomes_still_to_record(mentorship: Mentorship) -> list[GoalOutcomes]:
    """The goals whose outcome a member has still to record: the closure completes only once
    there are none."""
    return [row for row in goal_outcomes(mentorship) if row.still_to_say]


def people_text(people, viewer=None) -> str:
    """ "you and Marco Mentor": the people named, the viewer as "you"."""
    names = [
        gettext("you") if viewer is not None and person.pk == viewer.pk else str(person)
        for person in people
    ]
    text, *others = names or [""]
    for name in others:
        text = gettext("%(first)s and %(second)s") % {"first": text, "second": name}
    return text


def describe_missing(rows: list[GoalOutcomes], viewer=None) -> str:
    """ "Goal 2 still needs an outcome from you; goal 3 from you and Marco Mentor." """
    first, *others = rows
    text = gettext("Goal %(position)s still needs an outcome from %(people)s") % {
        "position": first.goal.position,
        "people": people_text(first.still_to_say, viewer),
    }
    for row in others:
        text = gettext("%(text)s; goal %(position)s from %(people)s") % {
            "text": text,
            "position": row.goal.position,
            "people": people_text(row.still_to_say, viewer),
        }
    return text + "."


class ClosingReflection(models.Model):
    """A person's own reflection on the experience: only its author ever reads it."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="closing_reflections"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    feelings = models.TextField(
        FEELINGS, max_length=LONG_ANSWER, help_text=LONG_HELP, validators=[validate_multiline]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"], name="closing_reflection_one_per_person"
            ),
        ]

    def __str__(self):
        return f"Closing reflection of {self.author}"


class ThankYouNote(models.Model):
    """The mentee's thanks to the mentor, sent once by email and kept with the closure."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="thank_you"
    )
    text = models.TextField(
        THANKS, max_length=LONG_ANSWER, help_text=LONG_HELP, validators=[validate_multiline]
    )
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Thank-you note of {self.mentorship}"
