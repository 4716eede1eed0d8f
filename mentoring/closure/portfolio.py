"""The portfolio: everything the pair shared, gathered for one PDF.

Only what both members can read goes in: a planning template once shared, every version of
the agreement, the action plan, the meetings with their agendas and shared notes, the 3-2-1
reflections their authors shared, the mid-way check-in once both answered it, and the closure.
What someone wrote for themselves (their self-reflection, candidate notes, an unshared planning
template or 3-2-1 reflection, their closing reflection) never does. Each part is one or two
queries, whatever the amount of data.
"""

from django.db.models import Prefetch

from mentoring.agreements.models import (
    AgreementVersion,
    Signature,
    Status,
    answers,
    signature_lines,
)
from mentoring.closure.models import GoalOutcome, ThankYouNote
from mentoring.enabling.models import (
    BARRIERS,
    GOAL_ALIGNMENT,
    MENTEE_STEPS,
    MENTOR_STEPS,
    STEPS_LABELS,
    SUCCESS_MEASURES,
    SUPPORT,
    CheckInAnswer,
    PlanSection,
)
from mentoring.meetings.models import AgendaQuestion, Meeting, Reflection
from mentoring.preparation.models import PlanningTemplate
from mentoring.programs.models import Mentorship, Participant


def agreement_versions(mentorship: Mentorship) -> list[dict]:
    versions = (
        AgreementVersion.objects.filter(agreement__mentorship=mentorship)
        .prefetch_related(
            "goals",
            Prefetch("signatures", queryset=Signature.objects.valid().select_related("signer")),
        )
        .order_by("number")
    )
    return [
        {
            "version": version,
            "parts": answers(version, version.goals.all()),
            "signature_lines": signature_lines(mentorship, version.signatures.all()),
        }
        for version in versions
    ]


def action_plan(mentorship: Mentorship, goals_in_effect) -> list[dict]:
    """One part per goal of the agreement in effect: the plan's written items and its steps."""
    sections = {
        section.position: section
        for section in PlanSection.objects.filter(mentorship=mentorship).prefetch_related("steps")
    }
    plan = []
    for goal in goals_in_effect:
        section = sections.get(goal.position)
        steps = list(section.steps.all()) if section else []
        text = {
            name: getattr(section, name) if section else "" for name in PlanSection.TEXT_FIELDS
        }
        owned = {role: [step for step in steps if step.owner == role] for role in STEPS_LABELS}
        # (item, its text or None, its steps or None), in the Action Plan template's order.
        items = [
            (GOAL_ALIGNMENT, text["goal_alignment"], None),
            (MENTEE_STEPS, None, owned[Participant.Role.MENTEE]),
            (MENTOR_STEPS, None, owned[Participant.Role.MENTOR]),
            (SUPPORT, text["support"], None),
            (BARRIERS, text["barriers"], None),
            (SUCCESS_MEASURES, text["success_measures"], None),
        ]
        plan.append({"goal": goal, "items": items})
    return plan


def meetings(mentorship: Mentorship) -> list[Meeting]:
    """Every meeting, oldest first, with its agenda questions and the reflections shared on it."""
    shared = {}
    for reflection in Reflection.objects.shared_in(mentorship):
        shared.setdefault(reflection.meeting_id, []).append(reflection)
    all_meetings = list(
        Meeting.objects.for_mentorship(mentorship)
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaQuestion.objects.select_related("question").order_by("position"),
            )
        )
        .order_by("starts_at", "pk")
    )
    for meeting in all_meetings:
        meeting.shared_reflections = shared.get(meeting.pk, [])
    return all_meetings


def check_in(mentorship: Mentorship) -> list[tuple]:
    """Both members' answers, once both have answered; until then nothing is shared."""
    answers_by = {a.author_id: a for a in CheckInAnswer.objects.filter(mentorship=mentorship)}
    if set(answers_by) != {mentorship.mentee_id, mentorship.mentor_id}:
        return []
    return [
        ("Mentee", mentorship.mentee, answers_by[mentorship.mentee_id]),
        ("Mentor", mentorship.mentor, answers_by[mentorship.mentor_id]),
    ]


def closure_record(mentorship: Mentorship) -> dict:
    closures = list(mentorship.closures.decided().select_related("proposed_by", "answered_by"))
    outcomes = list(
        GoalOutcome.objects.filter(mentorship=mentorship)
        .select_related("goal", "goal__version")
        .order_by("goal__version__number", "goal__position", "author_id")
    )
    roles = {mentorship.mentee_id: "Mentee", mentorship.mentor_id: "Mentor"}
    goals = {}
    for outcome in outcomes:
        outcome.role = roles.get(outcome.author_id, "")
        goals.setdefault(outcome.goal, []).append(outcome)
    return {
        "closures": closures,
        "outcomes": list(goals.items()),
        "thank_you": ThankYouNote.objects.filter(mentorship=mentorship).first(),
    }


def portfolio_context(mentorship: Mentorship) -> dict:
    planning = PlanningTemplate.objects.filter(
        mentorship=mentorship, shared_at__isnull=False
    ).first()
    versions = agreement_versions(mentorship)
    in_effect = next((v for v in versions if v["version"].status == Status.IN_EFFECT), None)
    goals = list(in_effect["version"].goals.all()) if in_effect else []
    return {
        "mentorship": mentorship,
        "planning": planning,
        "versions": versions,
        "action_plan": action_plan(mentorship, goals),
        "meetings": meetings(mentorship),
        "check_in": check_in(mentorship),
        "closure": closure_record(mentorship),
    }
