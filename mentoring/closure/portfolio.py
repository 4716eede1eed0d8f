"""The portfolio: everything the pair shared, gathered for one PDF.

Only what both members can read goes in: a planning template once shared, every version of
the agreement, the action plan, the meetings with their agendas and shared notes, the 3-2-1
reflections their authors shared, the mid-way check-in once both answered it, and the closure.
What someone wrote for themselves (their self-reflection, candidate notes, an unshared planning
template or 3-2-1 reflection, their closing reflection) never does. Each part asks the rule of
the app that owns it (`PlanningTemplate.objects.shared`, `plan_of`, `Reflection.objects.shared`,
`PairCheckIn`), the same the pages ask, so the PDF cannot show more than they do. Each part is
one or two queries, whatever the amount of data.
"""

from django.db.models import Prefetch

from mentoring.agreements.models import AgreementVersion, Signature, signature_lines
from mentoring.agreements.sections import answers
from mentoring.closure.models import GoalOutcome, ThankYouNote
from mentoring.enabling.models import PairCheckIn
from mentoring.enabling.services import plan_of
from mentoring.meetings.models import AgendaQuestion, Meeting, Reflection
from mentoring.preparation.models import PlanningTemplate
from mentoring.programs.models import Mentorship


def agreement_versions(mentorship: Mentorship) -> list[dict]:
    versions = (
        AgreementVersion.objects.for_mentorship(mentorship)
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


def closure_record(mentorship: Mentorship) -> dict:
    closures = list(mentorship.closures.decided().select_related("proposed_by", "answered_by"))
    outcomes = list(
        GoalOutcome.objects.filter(mentorship=mentorship)
        .select_related("goal", "goal__version", "author")
        .order_by("goal__version__number", "goal__position", "author_id")
    )
    goals = {}
    for outcome in outcomes:
        role = mentorship.role_of(outcome.author)
        outcome.role = role.label if role else ""
        goals.setdefault(outcome.goal, []).append(outcome)
    return {
        "closures": closures,
        "outcomes": list(goals.items()),
        "thank_you": ThankYouNote.objects.filter(mentorship=mentorship).first(),
    }


def portfolio_context(mentorship: Mentorship) -> dict:
    versions = agreement_versions(mentorship)
    # The version in effect is among those just loaded, with its goals: no query to find it.
    in_effect = next((v["version"] for v in versions if v["version"].is_in_effect), None)
    return {
        "mentorship": mentorship,
        "planning": PlanningTemplate.objects.filter(mentorship=mentorship).shared().first(),
        "versions": versions,
        "action_plan": plan_of(mentorship, in_effect) if in_effect else [],
        "meetings": meetings(mentorship),
        "check_in": PairCheckIn.of(mentorship).shared(),
        "closure": closure_record(mentorship),
    }
