"""Phase 3, Enabling: the action plan and the mid-way check-in.

The action plan has one section per goal of the agreement in effect, keyed by the goal's
position, so an amended agreement keeps its plan. Action steps are rows with an owner role:
either member adds or removes them, only the owner ticks them done.

The check-in holds each member's own answers: the partner reads them once both have answered;
coordinators see only how many have answered and whether the pair asked for help.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mentoring.agreements.models import MAX_GOALS, AgreementVersion
from mentoring.lib.text import up_to, validate_multiline, validate_single_line
from mentoring.programs.models import Mentorship, Participant

LONG_ANSWER = 3000
LONG_HELP = up_to(LONG_ANSWER)
STEP_LENGTH = 300


def long_answer(label: str, *, blank: bool = True, help_text: str = "") -> models.TextField:
    return models.TextField(
        label,
        max_length=LONG_ANSWER,
        blank=blank,
        help_text=format_lazy("{} {}", help_text, LONG_HELP) if help_text else LONG_HELP,
        validators=[validate_multiline],
    )


# The Action Plan template's six items for each goal, in the toolkit's order and words.
GOAL_ALIGNMENT = _("Goal alignment")
MENTEE_STEPS = _("Mentee's action steps and target dates")
MENTOR_STEPS = _("Mentor's action steps and target dates")
SUPPORT = _("Support network and/or resources needed/available")
BARRIERS = _("Potential barriers")
SUCCESS_MEASURES = _("Success measures")
PLAN_ITEMS = [GOAL_ALIGNMENT, MENTEE_STEPS, MENTOR_STEPS, SUPPORT, BARRIERS, SUCCESS_MEASURES]
STEPS_LABELS = {Participant.Role.MENTEE: MENTEE_STEPS, Participant.Role.MENTOR: MENTOR_STEPS}


class PlanSection(models.Model):
    """The written part of the plan for one goal; `revision` guards against lost edits."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="plan_sections"
    )
    position = models.PositiveSmallIntegerField()
    goal_alignment = long_answer(
        GOAL_ALIGNMENT, help_text=_("How this goal fits your development.")
    )
    support = long_answer(SUPPORT)
    barriers = long_answer(BARRIERS)
    success_measures = long_answer(SUCCESS_MEASURES)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    TEXT_FIELDS = ["goal_alignment", "support", "barriers", "success_measures"]

    class Meta:
        ordering = ["mentorship", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "position"], name="plan_section_one_per_goal"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_GOALS),
                name="plan_section_goal_1_to_3",
            ),
        ]

    def __str__(self):
        return f"Action plan for goal {self.position} ({self.mentorship})"


STEP_OPEN = Q(done_at__isnull=True)


def step_overdue(today: datetime.date | None = None) -> Q:
    """Steps not done whose target date has passed (today in the site's time zone): as a
    condition, for counts filtered in one aggregate."""
    return STEP_OPEN & Q(target_on__lt=today or timezone.localdate())


class ActionStepQuerySet(models.QuerySet):
    def open(self):
        return self.filter(STEP_OPEN)

    def overdue(self, today: datetime.date | None = None):
        """`step_overdue`."""
        return self.filter(step_overdue(today))

    def of_mentorship(self, mentorship):
        return self.filter(section__mentorship=mentorship)


class ActionStep(models.Model):
    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="steps")
    owner = models.CharField(max_length=10, choices=Participant.Role)
    what = models.CharField(
        _("Action step"),
        max_length=STEP_LENGTH,
        help_text=up_to(STEP_LENGTH),
        validators=[validate_single_line],
    )
    target_on = models.DateField(_("Target date"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ActionStepQuerySet.as_manager()

    class Meta:
        ordering = ["section", "owner", "target_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="action_step_done_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.what} (by {self.target_on:%Y-%m-%d})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return not self.is_done and self.target_on < (today or timezone.localdate())

    def owner_person(self, mentorship: Mentorship):
        return mentorship.mentee if self.owner == Participant.Role.MENTEE else mentorship.mentor


# The Mid-way check-in checklist, word for word.
MEETING_RHYTHM = _("Are we meeting the appropriate frequency and for the right length of time?")
FOLLOWING_UP = _("Are both you and I following up on action items coming out of each meeting?")
DO_DIFFERENTLY = _("What might we do differently?")
ON_TRACK = _("Are we on track to meet the development goals?")
GOALS_CHANGE = _("Are there changes that need to be made to the goals?")
CHECK_IN_QUESTIONS = [MEETING_RHYTHM, FOLLOWING_UP, DO_DIFFERENTLY, ON_TRACK, GOALS_CHANGE]
NEEDS_HELP = _("We need help from the coordinator")
GOALS_CHANGE_DETAILS = _("What needs to change?")


class CheckInAnswerQuerySet(models.QuerySet):
    def help_wanted(self):
        """Answers asking for the coordinator's help that no coordinator has dealt with yet
        (`CheckInAnswer.wants_help` for an answer already read)."""
        return self.filter(needs_help=True, help_resolved_at__isnull=True)


class CheckInAnswer(models.Model):
    """One member's answers to the mid-way check-in: theirs until both have answered."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="check_in_answers"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    meeting_rhythm = long_answer(MEETING_RHYTHM, blank=False)
    following_up = long_answer(FOLLOWING_UP, blank=False)
    do_differently = long_answer(DO_DIFFERENTLY, blank=False)
    on_track = long_answer(ON_TRACK, blank=False)
    goals_need_change = models.BooleanField(GOALS_CHANGE, default=False)
    goals_change_details = long_answer(
        GOALS_CHANGE_DETAILS, help_text=_("Needed if you answered yes.")
    )
    needs_help = models.BooleanField(
        NEEDS_HELP,
        default=False,
        help_text=_("Your coordinator sees that you asked for help, never your answers."),
    )
    # Set when a coordinator marks the request dealt with; asking again clears it.
    help_resolved_at = models.DateTimeField(null=True, blank=True)
    help_resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = CheckInAnswerQuerySet.as_manager()

    ANSWERS = [
        "meeting_rhythm",
        "following_up",
        "do_differently",
        "on_track",
        "goals_need_change",
        "goals_change_details",
        "needs_help",
    ]

    class Meta:
        ordering = ["mentorship", "answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"], name="check_in_one_answer_per_person"
            ),
        ]

    def __str__(self):
        return f"Mid-way check-in of {self.author} ({self.mentorship})"

    @property
    def wants_help(self) -> bool:
        """`CheckInAnswerQuerySet.help_wanted`, for an answer already read."""
        return self.needs_help and self.help_resolved_at is None

    def questions_and_answers(self) -> list[tuple[str, str]]:
        return [
            (MEETING_RHYTHM, self.meeting_rhythm),
            (FOLLOWING_UP, self.following_up),
            (DO_DIFFERENTLY, self.do_differently),
            (ON_TRACK, self.on_track),
            (GOALS_CHANGE, _("Yes") if self.goals_need_change else _("No")),
            (GOALS_CHANGE_DETAILS, self.goals_change_details),
        ]


class CheckInStatus(models.TextChoices):
    NOT_ANSWERED = "not_answered", _("Not answered")
    ONE_ANSWERED = "one_answered", _("One answered")
    BOTH_ANSWERED = "both_answered", _("Both answered")


def check_in_status(answers: int) -> CheckInStatus:
    return list(CheckInStatus)[min(answers, 2)]


@dataclass(frozen=True)
class PairCheckIn:
    """The pair's check-in answers, and the one rule on who reads them, for the check-in page
    and the portfolio alike: each member their own; the partner's, only once both answered."""

    mentorship: Mentorship
    by_author: dict[int, CheckInAnswer]

    @classmethod
    def of(cls, mentorship: Mentorship) -> "PairCheckIn":
        """One query."""
        answers = CheckInAnswer.objects.filter(mentorship=mentorship)
        return cls(mentorship, {answer.author_id: answer for answer in answers})

    @property
    def status(self) -> CheckInStatus:
        return check_in_status(len(self.by_author))

    @property
    def needs_help(self) -> bool:
        """Whether either member asked for help that no coordinator has dealt with yet: all
        a coordinator learns of the answers, besides their count."""
        return any(answer.wants_help for answer in self.by_author.values())

    @property
    def is_shared(self) -> bool:
        return {self.mentorship.mentee_id, self.mentorship.mentor_id} <= self.by_author.keys()

    def own(self, user: User) -> CheckInAnswer | None:
        return self.by_author.get(user.pk)

    def partner_has_answered(self, user: User) -> bool:
        """Whether, not what: a member may know this before answering themselves."""
        return self.mentorship.partner_of(user).pk in self.by_author

    def partners(self, user: User) -> CheckInAnswer | None:
        """The partner's answers as `user` may read them: None until both have answered."""
        return self.by_author[self.mentorship.partner_of(user).pk] if self.is_shared else None

    def shared(self) -> list[tuple[str, User, CheckInAnswer]]:
        """(role, person, their answers) for the mentee then the mentor, once both answered."""
        if not self.is_shared:
            return []
        mentee, mentor = self.mentorship.mentee, self.mentorship.mentor
        return [
            (Participant.Role.MENTEE.label, mentee, self.by_author[mentee.pk]),
            (Participant.Role.MENTOR.label, mentor, self.by_author[mentor.pk]),
        ]


def midpoint(in_effect_at: datetime.datetime | None, planned_end_on: datetime.date | None):
    """The day halfway between the agreement taking effect and its planned end, or None."""
    if in_effect_at is None or planned_end_on is None:
        return None
    start = timezone.localdate(in_effect_at)
    return start + datetime.timedelta(days=(planned_end_on - start).days // 2)


def with_check_in_dates(mentorships):
    """Annotate pairs with `agreement_in_effect_at` (the first version in effect) and
    `agreement_planned_end_on` (of the version in effect now): two subqueries, any list size.
    Pass them to `midpoint` for each pair's check-in due date.
    """
    versions = AgreementVersion.objects.for_mentorship(OuterRef("pk"))
    current = versions.in_effect().values("planned_end_on")[:1]
    return mentorships.annotate(
        agreement_in_effect_at=Subquery(versions.first_in_effect_at()),
        agreement_planned_end_on=Subquery(current),
    )


def check_in_due_on(mentorship: Mentorship) -> datetime.date | None:
    """When the pair's mid-way check-in is due (one query); None without an end date."""
    dated = with_check_in_dates(Mentorship.objects.filter(pk=mentorship.pk)).values(
        "agreement_in_effect_at", "agreement_planned_end_on"
    )
    row = dated.first()
    return midpoint(row["agreement_in_effect_at"], row["agreement_planned_end_on"])
