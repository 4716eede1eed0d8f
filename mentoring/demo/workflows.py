"""Steps of a demo pair's story, each done through the app's own workflow, then dated back.

The workflows stamp everything with the present moment and refuse dates in the past (a meeting
is scheduled in the future, a plan opens once an agreement is signed). So a step first does
what a person would do, then moves its timestamps back, so the pairs look as if they had been
at it for weeks or months.
"""

import datetime

from django.db.models import Model
from django.utils import timezone

from accounts.models import User
from mentoring.agreements import services as agreements
from mentoring.agreements.models import RESPONSIBILITIES, AgreementVersion, Goal, Signature
from mentoring.closure import services as closure
from mentoring.closure.models import Closure, Reason, ThankYouNote
from mentoring.enabling import services as enabling
from mentoring.enabling.models import ActionStep, CheckInAnswer, PlanSection
from mentoring.meetings import services as meetings
from mentoring.meetings.models import (
    AgendaQuestion,
    KickStarterCategory,
    KickStarterQuestion,
    Meeting,
    Reflection,
)
from mentoring.preparation.models import PlanningTemplate, SelfReflection
from mentoring.preparation.services import complete_self_reflection, share_planning_template
from mentoring.programs.models import Mentorship, Program
from mentoring.programs.services import create_mentorship


def moment(days: float, hour: int = 10) -> datetime.datetime:
    """`days` from today (negative: in the past) at `hour` o'clock in the site's time zone."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def date_in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def backdate(obj: Model, **fields) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)


def start_pair(program: Program, mentor: User, mentee: User, *, days_ago: int) -> Mentorship:
    pair = create_mentorship(program=program, mentor=mentor, mentee=mentee)
    started = moment(-days_ago, 9)
    backdate(pair, started_at=started, phase_changed_at=started)
    return pair


def reflect(mentee: User, answers: dict[str, str], *, days_ago: int | None) -> SelfReflection:
    """The mentee's self-reflection; complete when `days_ago` says when, else a draft."""
    reflection = SelfReflection(author=mentee, **answers)
    if days_ago is None:
        reflection.save()
        return reflection
    complete_self_reflection(reflection=reflection)
    completed = moment(-days_ago, 20)
    backdate(reflection, completed_at=completed, updated_at=completed)
    return reflection


def write_planning(pair: Mentorship, answers: dict[str, str], *, shared_days_ago: int | None):
    planning = PlanningTemplate(mentorship=pair, **answers)
    if shared_days_ago is None:
        planning.save()
    else:
        share_planning_template(planning=planning)
        shared = moment(-shared_days_ago, 19)
        backdate(planning, shared_at=shared, updated_at=shared)
    return planning


def negotiate(
    pair: Mentorship,
    *,
    days_ago: int,
    goals: list[str],
    values: dict,
    acknowledged: int = len(RESPONSIBILITIES),
    signers: tuple[User, ...] = (),
) -> AgreementVersion:
    """Start negotiating, acknowledge responsibilities, draft the agreement and sign it.

    When both sign it the agreement comes into effect and the pair move to Enabling: all of
    it dated `days_ago`.
    """
    pair.start_negotiating()
    agreements.acknowledge_responsibilities(
        mentorship=pair,
        user=pair.mentee,
        items=[key for key, _ in RESPONSIBILITIES[:acknowledged]],
    )
    version = agreements.start_agreement(mentorship=pair, user=pair.mentee).versions.get()
    agreements.save_draft(
        version=version, user=pair.mentee, values=values, goals=goals, revision=version.revision
    )
    version.refresh_from_db()
    for signer in signers:
        agreements.sign(
            version=version, user=signer, typed_name=signer.full_name, revision=version.revision
        )
    when = moment(-days_ago, 16)
    pair.acknowledgements.update(acknowledged_at=when - datetime.timedelta(days=2))
    Signature.objects.filter(version=version).update(signed_at=when)
    AgreementVersion.objects.filter(pk=version.pk).update(
        created_at=when - datetime.timedelta(days=3), updated_at=when
    )
    version.refresh_from_db()
    pair.refresh_from_db(fields=["phase"])
    if version.in_effect_at:
        backdate(version, in_effect_at=when)
        backdate(pair, phase_changed_at=when)
    else:
        backdate(pair, phase_changed_at=when - datetime.timedelta(days=3))
    return version


def agreement_values(
    *,
    frequency: str,
    length: int | None,
    mode: str,
    place: str,
    end_in_days: int,
    focus: str,
) -> dict:
    return {
        "time_commitment": (
            f"About two hours a month, including preparation; protected time for {focus}."
        ),
        "agenda_setting": (
            "The mentee sends an agenda with discussion points two days before each meeting."
        ),
        "check_ins": "We start with five minutes on how the last action items went.",
        "meeting_frequency": frequency,
        "meeting_length_minutes": length,
        "meeting_mode": mode,
        "meeting_place": place,
        "cadence_notes": "If one of us must cancel, we rebook within the same week.",
        "confidentiality": (
            "What we discuss stays between us unless we both agree to share it. "
            "Anything about patient or staff safety is the exception."
        ),
        "off_limits": "Performance reviews of people we both work with.",
        "boundaries": "No messages after 6 pm; urgent questions go through a quick call.",
        "success": f"Visible progress on {focus}, and a plan for the next step after this year.",
        "mentor_expectations": (
            "Share experience honestly, ask hard questions, open doors to useful contacts."
        ),
        "mentee_expectations": (
            "Come prepared, follow through on action items, and say when something isn't working."
        ),
        "planned_end_on": date_in(end_in_days),
    }


def plan(
    pair: Mentorship,
    *,
    sections: dict[int, tuple[str, str, str, str]],
    steps: list[tuple[int, str, str, int, int | None]],
) -> None:
    """The action plan: per goal its four written answers, and steps as (goal, owner, what,
    target in days from today, done how many days ago or None)."""
    for position, (alignment, support, barriers, measures) in sections.items():
        enabling.save_section(
            mentorship=pair,
            position=position,
            user=pair.mentee,
            values={
                "goal_alignment": alignment,
                "support": support,
                "barriers": barriers,
                "success_measures": measures,
            },
            revision=0,
        )
    for position, owner, what, target_in, done_days_ago in steps:
        step = enabling.add_step(
            mentorship=pair,
            position=position,
            owner=owner,
            what=what,
            target_on=date_in(target_in),
            user=pair.mentee,
        )
        if done_days_ago is not None:
            owner_person = step.owner_person(pair)
            enabling.set_step_done(step=step, mentorship=pair, user=owner_person, done=True)
            backdate(step, done_at=moment(-done_days_ago, 15))
    ActionStep.objects.of_mentorship(pair).update(created_at=pair.phase_changed_at)
    PlanSection.objects.filter(mentorship=pair).update(updated_at=pair.phase_changed_at)


def kick_starters(picks: list[tuple[str, int]]) -> list[KickStarterQuestion]:
    """Questions of the bank by (category slug, position); none if the bank is not loaded."""
    if not KickStarterCategory.objects.exists():
        return []
    return [
        KickStarterQuestion.objects.get(category__slug=slug, position=position)
        for slug, position in picks
    ]


def hold_meeting(
    pair: Mentorship,
    *,
    days_ago: int,
    agenda: str,
    questions: list[tuple[str, int]],
    notes: str,
    reflections: list[tuple[User, dict[str, str], bool]],
    cadence: AgreementVersion,
    hour: int = 10,
) -> Meeting:
    """A meeting held `days_ago`, with its agenda, shared notes and 3-2-1 reflections given as
    (author, answers, shared)."""
    starts_at = moment(-days_ago, hour)
    meeting = Meeting(
        mentorship=pair,
        starts_at=starts_at,
        length_minutes=cadence.meeting_length_minutes,
        mode=cadence.meeting_mode,
        place=cadence.meeting_place,
        agenda=agenda,
        notes=notes,
        notes_revision=1 if notes else 0,
        notes_updated_by=pair.mentor if notes else None,
        status=Meeting.Status.HELD,
        status_changed_at=starts_at + datetime.timedelta(minutes=cadence.meeting_length_minutes),
        sequence=1,
        scheduled_by=pair.mentee,
    )
    meeting.full_clean()
    meeting.save()
    AgendaQuestion.objects.bulk_create(
        AgendaQuestion(meeting=meeting, question=question, position=number)
        for number, question in enumerate(kick_starters(questions), start=1)
    )
    for author, answers, shared in reflections:
        reflection = meetings.save_meeting_reflection(
            meeting=meeting, user=author, answers=answers
        )
        if shared:
            meetings.set_reflection_shared(reflection=reflection, user=author, shared=True)
    written = meeting.status_changed_at + datetime.timedelta(hours=3)
    Reflection.objects.filter(meeting=meeting).update(created_at=written, updated_at=written)
    Reflection.objects.filter(meeting=meeting, shared_at__isnull=False).update(shared_at=written)
    Meeting.objects.filter(pk=meeting.pk).update(
        created_at=starts_at - datetime.timedelta(days=7), updated_at=meeting.status_changed_at
    )
    return meeting


def cancelled_meeting(pair: Mentorship, *, days_ago: int, cadence: AgreementVersion) -> Meeting:
    starts_at = moment(-days_ago, 14)
    meeting = Meeting(
        mentorship=pair,
        starts_at=starts_at,
        length_minutes=cadence.meeting_length_minutes,
        mode=cadence.meeting_mode,
        place=cadence.meeting_place,
        status=Meeting.Status.CANCELLED,
        status_changed_at=starts_at - datetime.timedelta(days=1),
        sequence=1,
        scheduled_by=pair.mentor,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


def schedule_meeting(
    pair: Mentorship,
    *,
    in_days: int,
    cadence: AgreementVersion,
    agenda: str = "",
    questions: list[tuple[str, int]] = (),
) -> Meeting:
    """An upcoming meeting, with the mentee's agenda when there is one."""
    meeting = meetings.schedule_meeting(
        mentorship=pair,
        user=pair.mentee,
        starts_at=moment(in_days, 11),
        length_minutes=cadence.meeting_length_minutes,
        mode=cadence.meeting_mode,
        place=cadence.meeting_place,
    )
    if agenda:
        meetings.save_agenda(meeting=meeting, user=pair.mentee, agenda=agenda)
    for question in kick_starters(list(questions)):
        meetings.add_question(meeting=meeting, user=pair.mentee, question=question)
    return meeting


def check_in(pair: Mentorship, author: User, answers: dict, *, days_ago: int) -> CheckInAnswer:
    answer, _ = enabling.answer_check_in(mentorship=pair, user=author, values=answers)
    backdate(answer, answered_at=moment(-days_ago, 17))
    return answer


def agree_to_close(pair: Mentorship, *, days_ago: int, reason: str = Reason.GOALS_ACHIEVED):
    """The mentee proposes to close, the mentor confirms a day later: the Closure phase."""
    proposal = closure.propose_closure(mentorship=pair, user=pair.mentee, reason=reason)
    closure.confirm_closure(closure=proposal, user=pair.mentor)
    Closure.objects.filter(pk=proposal.pk).update(
        proposed_at=moment(-days_ago - 1, 12), answered_at=moment(-days_ago, 9)
    )
    pair.refresh_from_db()
    backdate(pair, phase_changed_at=moment(-days_ago, 9))
    return proposal


def record_outcomes(pair: Mentorship, author: User, outcomes: list[tuple[str, str]]) -> None:
    """The author's outcome and comment for each goal in effect, in the goals' order."""
    goals = Goal.objects.in_effect_for(pair).order_by("position")
    for goal, (outcome, comment) in zip(goals, outcomes, strict=False):
        closure.record_outcome(
            mentorship=pair, goal=goal, user=author, outcome=outcome, comment=comment
        )


def thank(pair: Mentorship, text: str, *, days_ago: int) -> ThankYouNote:
    note = closure.send_thanks(mentorship=pair, user=pair.mentee, text=text)
    backdate(note, sent_at=moment(-days_ago, 18))
    return note


def complete(pair: Mentorship, *, days_ago: int) -> None:
    closure.complete_closure(mentorship=pair)
    ended = moment(-days_ago, 16)
    pair.refresh_from_db()
    backdate(pair, ended_at=ended, phase_changed_at=ended)
