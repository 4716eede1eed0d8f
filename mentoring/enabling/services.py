"""Workflows of the Enabling phase: writing the action plan, its steps, and the check-in."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.models import User
from mentoring.agreements.models import AgreementVersion, Goal, version_in_effect
from mentoring.enabling.models import (
    BARRIERS,
    GOAL_ALIGNMENT,
    LONG_ANSWER,
    MENTEE_STEPS,
    MENTOR_STEPS,
    STEP_LENGTH,
    SUCCESS_MEASURES,
    SUPPORT,
    ActionStep,
    CheckInAnswer,
    PlanSection,
)
from mentoring.lib.email import send_templated_email
from mentoring.lib.languages import grouped
from mentoring.programs.models import Mentorship, Participant


class PlanError(Exception):
    """An action that cannot happen as asked; the message says why, in plain words."""


class SectionConflict(Exception):
    """Someone saved the section since the form was opened; nothing was saved."""

    def __init__(self, section: PlanSection):
        super().__init__(gettext("This part of the plan changed since you opened it."))
        self.section = section


@dataclass
class GoalPlan:
    """What the plan page and PDF show for one goal of the agreement in effect."""

    goal: Goal
    section: PlanSection
    steps: dict[str, list[ActionStep]] = field(default_factory=dict)

    @property
    def position(self) -> int:
        return self.goal.position

    def items(self) -> list[tuple[str, str | None, list[ActionStep] | None]]:
        """(item, its text or None, its steps or None), in the Action Plan template's order."""
        section, steps = self.section, self.steps
        return [
            (GOAL_ALIGNMENT, section.goal_alignment, None),
            (MENTEE_STEPS, None, steps[Participant.Role.MENTEE]),
            (MENTOR_STEPS, None, steps[Participant.Role.MENTOR]),
            (SUPPORT, section.support, None),
            (BARRIERS, section.barriers, None),
            (SUCCESS_MEASURES, section.success_measures, None),
        ]


def plan_of(mentorship: Mentorship, version: AgreementVersion) -> list[GoalPlan]:
    """One GoalPlan per goal of `version`, with its saved section and steps (two queries)."""
    sections = {
        section.position: section
        for section in PlanSection.objects.filter(mentorship=mentorship).prefetch_related("steps")
    }
    plans = []
    for goal in version.goals.all():
        section = sections.get(goal.position) or PlanSection(
            mentorship=mentorship, position=goal.position
        )
        steps = section.steps.all() if section.pk else []
        plans.append(
            GoalPlan(
                goal=goal,
                section=section,
                steps={
                    role: [step for step in steps if step.owner == role]
                    for role in Participant.Role.values
                },
            )
        )
    return plans


def _require_plan_open(mentorship: Mentorship) -> AgreementVersion:
    if not mentorship.is_open:
        raise PlanError(gettext("This mentorship has ended; its action plan is read-only."))
    version = version_in_effect(mentorship)
    if version is None:
        raise PlanError(
            gettext("The action plan opens once you have both signed your mentoring agreement.")
        )
    return version


def _section_for_goal(mentorship: Mentorship, position: int) -> PlanSection:
    version = _require_plan_open(mentorship)
    if position not in {goal.position for goal in version.goals.all()}:
        raise PlanError(
            gettext("Your agreement in effect has no goal %(position)s.") % {"position": position}
        )
    section, _ = PlanSection.objects.get_or_create(mentorship=mentorship, position=position)
    return section


def _too_long(values: dict[str, str], limit: int) -> dict[str, str]:
    return {
        name: gettext("Keep this to %(limit)s characters (it has %(count)s).")
        % {"limit": grouped(limit), "count": grouped(len(value))}
        for name, value in values.items()
        if len(value) > limit
    }


@transaction.atomic
def save_section(
    *, mentorship: Mentorship, position: int, user: User, values: dict[str, str], revision: int
) -> bool:
    """Save a member's changes to one goal's section, if nobody saved since they opened it.

    Returns whether anything changed. The UPDATE only matches the revision the form was
    opened at, so of two saves from the same revision one wins and the other raises
    SectionConflict with the saved text.
    """
    unknown = set(values) - set(PlanSection.TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not action plan fields: {sorted(unknown)}")
    errors = _too_long(values, LONG_ANSWER)
    if errors:
        raise ValidationError(errors)
    section = _section_for_goal(mentorship, position)
    if section.revision != revision:
        raise SectionConflict(section)
    changes = {name: value for name, value in values.items() if getattr(section, name) != value}
    if not changes:
        return False
    saved = PlanSection.objects.filter(pk=section.pk, revision=revision).update(
        **changes, revision=revision + 1, updated_by=user, updated_at=timezone.now()
    )
    if not saved:
        raise SectionConflict(PlanSection.objects.get(pk=section.pk))
    return True


def earliest_target(mentorship: Mentorship) -> datetime.date:
    return timezone.localdate(mentorship.started_at)


def validate_step(*, mentorship: Mentorship, what: str, target_on: datetime.date) -> None:
    errors = {}
    if not what.strip():
        errors["what"] = gettext("Say what the action step is.")
    elif len(what) > STEP_LENGTH:
        errors["what"] = gettext(
            "Keep an action step to %(limit)s characters (it has %(count)s)."
        ) % {"limit": STEP_LENGTH, "count": len(what)}
    start = earliest_target(mentorship)
    if target_on < start:
        errors["target_on"] = gettext(
            "A target date cannot be before the mentorship started (%(date)s)."
        ) % {"date": date_format(start, gettext("F j, Y"))}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_step(
    *,
    mentorship: Mentorship,
    position: int,
    owner: str,
    what: str,
    target_on: datetime.date,
    user: User,
) -> ActionStep:
    """A new action step for the mentee or the mentor under one goal; either member adds it."""
    if owner not in Participant.Role.values:
        raise ValueError(f"Not a role: {owner}")
    if not mentorship.has_member(user):
        raise PlanError(gettext("Only the mentor and the mentee write their action plan."))
    validate_step(mentorship=mentorship, what=what, target_on=target_on)
    section = _section_for_goal(mentorship, position)
    return ActionStep.objects.create(
        section=section, owner=owner, what=what.strip(), target_on=target_on, created_by=user
    )


@transaction.atomic
def edit_step(
    *,
    step: ActionStep,
    mentorship: Mentorship,
    user: User,
    what: str,
    target_on: datetime.date,
) -> bool:
    """Change a step's words or target date; either member may. False when nothing changed."""
    _require_plan_open(mentorship)
    if not mentorship.has_member(user):
        raise PlanError(gettext("Only the mentor and the mentee change their action plan."))
    validate_step(mentorship=mentorship, what=what, target_on=target_on)
    values = {"what": what.strip(), "target_on": target_on}
    changes = {name: value for name, value in values.items() if getattr(step, name) != value}
    if not changes:
        return False
    for name, value in changes.items():
        setattr(step, name, value)
    step.save(update_fields=list(changes))
    return True


@transaction.atomic
def remove_step(*, step: ActionStep, mentorship: Mentorship, user: User) -> None:
    _require_plan_open(mentorship)
    if not mentorship.has_member(user):
        raise PlanError(gettext("Only the mentor and the mentee change their action plan."))
    step.delete()


@transaction.atomic
def set_step_done(*, step: ActionStep, mentorship: Mentorship, user: User, done: bool) -> bool:
    """Tick a step done (or not done again); only its owner may. Returns whether it changed.

    A repeated tick (a double submit) keeps the first time it was ticked.
    """
    _require_plan_open(mentorship)
    if mentorship.role_of(user) != step.owner:
        raise PlanError(
            gettext("Only %(person)s ticks this step done.")
            % {"person": step.owner_person(mentorship)}
        )
    if step.is_done == done:
        return False
    step.done_at, step.done_by = (timezone.now(), user) if done else (None, None)
    step.save(update_fields=["done_at", "done_by"])
    return True


def answer_check_in(
    *, mentorship: Mentorship, user: User, values: dict
) -> tuple[CheckInAnswer, bool]:
    """Save a member's own check-in answers. Returns them and whether help was newly asked.

    When someone asks for the coordinator's help, the program's coordinators are told by
    email that the pair wants help, and nothing of the answers.
    """
    unknown = set(values) - set(CheckInAnswer.ANSWERS)
    if unknown:
        raise ValueError(f"Not check-in answers: {sorted(unknown)}")
    if not mentorship.has_member(user):
        raise PlanError(gettext("Only the mentor and the mentee answer their check-in."))
    _require_plan_open(mentorship)
    with transaction.atomic():
        # get_or_create survives a double submit of the first answers; the lock then orders
        # two saves of the same person's answers.
        row, _ = CheckInAnswer.objects.get_or_create(
            mentorship=mentorship, author=user, defaults={"answered_at": timezone.now()}
        )
        answer = CheckInAnswer.objects.select_for_update().get(pk=row.pk)
        asked_before = answer.needs_help
        for name, value in values.items():
            setattr(answer, name, value)
        asked_now = answer.needs_help and not asked_before
        if asked_now:
            answer.help_resolved_at, answer.help_resolved_by = None, None
        answer.full_clean(exclude=["mentorship", "author"])
        answer.save()
        if asked_now:
            _tell_coordinators(mentorship, user)
    return answer, asked_now


def _tell_coordinators(mentorship: Mentorship, user: User) -> None:
    coordinators = list(mentorship.program.coordinators.all())
    if coordinators:
        send_templated_email(
            "enabling/email/help_requested",
            {"mentorship": mentorship, "asker": user},
            to=coordinators,
        )
