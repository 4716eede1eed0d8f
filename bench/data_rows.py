"""The rows of one pair's story, as bench/data.py's `build_program` writes them: the
self-reflection and planning template, agreement versions and signatures, action steps,
meetings and their reflections, check-in answers, the closure and its goal outcomes."""

import datetime

from django.utils import timezone

from mentoring.agreements.models import AgreementVersion, Frequency, Mode, Signature
from mentoring.closure.models import Closure, GoalOutcome, Outcome, Reason
from mentoring.enabling.models import ActionStep, CheckInAnswer
from mentoring.meetings.models import Meeting, Reflection
from mentoring.preparation.models import PlanningTemplate, SelfReflection
from mentoring.programs.models import Phase

DAY = datetime.timedelta(days=1)

SENTENCE = (
    "We agreed to keep this realistic and to come back to it at the mid-way check-in; "
    "either of us can raise it at any meeting."
)
NOTES = (
    "We went through the variance report line by line, chose the two lines to explain to the "
    "director, and practised the first two minutes of that conversation."
)
AGENDA = "Progress on the goals since last time, then the budget review and one hard question."
STEPS = [
    "Draft the one-page summary for the director",
    "Shadow a charge nurse for a full shift",
    "Ask two colleagues for feedback on the presentation",
    "Introduce the mentee to the finance lead",
]


def self_reflection(mentee, now) -> SelfReflection:
    return SelfReflection(
        author=mentee,
        looking_forward_to=SENTENCE,
        strengths=SENTENCE,
        challenges=SENTENCE,
        success=SENTENCE,
        completed_at=now - 40 * DAY,
    )


def planning(story, now, rng) -> PlanningTemplate:
    shared = story.phase != Phase.PREPARING or rng.random() < 0.3
    return PlanningTemplate(
        mentorship=story.mentorship,
        **dict.fromkeys(PlanningTemplate.ANSWERS[:8], SENTENCE),
        shared_at=story.mentorship.started_at + 3 * DAY if shared else None,
    )


def agreement_versions(story, agreement, now, rng) -> list[AgreementVersion]:
    pair = story.mentorship
    text = {
        "time_commitment": SENTENCE,
        "agenda_setting": SENTENCE,
        "confidentiality": SENTENCE,
        "success": SENTENCE,
        "meeting_length_minutes": 60,
        "meeting_mode": rng.choice(list(Mode)),
        "meeting_place": "Room 4B",
        "created_by": pair.mentee,
        "updated_by": pair.mentor,
    }
    if story.in_effect_at is None:
        return [
            AgreementVersion(
                agreement=agreement,
                number=1,
                status=AgreementVersion.Status.DRAFT,
                revision=rng.randint(1, 5),
                meeting_frequency=rng.choice(list(Frequency)),
                **text,
            )
        ]
    first = AgreementVersion(
        agreement=agreement,
        number=1,
        status=AgreementVersion.Status.SUPERSEDED
        if story.amended
        else AgreementVersion.Status.IN_EFFECT,
        revision=3,
        meeting_frequency=story.frequency,
        planned_end_on=story.planned_end_on,
        in_effect_at=story.in_effect_at,
        **text,
    )
    if not story.amended:
        return [first]
    amended_at = story.in_effect_at + ((pair.ended_at or now) - story.in_effect_at) / 3
    second = AgreementVersion(
        agreement=agreement,
        number=2,
        status=AgreementVersion.Status.IN_EFFECT,
        revision=2,
        meeting_frequency=story.frequency,
        planned_end_on=story.planned_end_on + 30 * DAY,
        in_effect_at=amended_at,
        **text,
    )
    story.planned_end_on = second.planned_end_on
    return [first, second]


def signatures(story, rng) -> list[Signature]:
    pair = story.mentorship
    rows = []
    for version in story.versions:
        signers = (pair.mentee, pair.mentor)
        if version.status == AgreementVersion.Status.DRAFT:
            signers = (pair.mentee,) if rng.random() < 0.3 else ()
        signed_at = version.in_effect_at or pair.phase_changed_at + 2 * DAY
        rows += [
            Signature(
                version=version,
                signer=signer,
                typed_name=signer.full_name,
                revision=version.revision,
                signed_at=signed_at,
            )
            for signer in signers
        ]
    return rows


def action_steps(section, today, now, rng) -> list[ActionStep]:
    pair = section.mentorship
    rows = []
    for owner, person_ in (("mentee", pair.mentee), ("mentor", pair.mentor)):
        target = today + rng.randint(-120, 60) * DAY
        done = target < today and rng.random() < 0.8 or rng.random() < 0.1
        rows.append(
            ActionStep(
                section=section,
                owner=owner,
                what=rng.choice(STEPS),
                target_on=target,
                done_at=now - rng.randint(0, 30) * DAY if done else None,
                done_by=person_ if done else None,
                created_by=pair.mentee,
            )
        )
    return rows


def meetings_of(story, now, rng) -> list[Meeting]:
    pair = story.mentorship
    interval = {Frequency.WEEKLY: 7, Frequency.BIWEEKLY: 14, Frequency.MONTHLY: 30}
    every = interval[story.frequency] * DAY
    stop = pair.ended_at or now
    if story.quiet:
        stop = now - 3 * every
    rows = []
    at = story.in_effect_at.replace(hour=17, minute=0, second=0, microsecond=0) + every
    while at < stop:
        cancelled = rng.random() < 0.05
        rows.append(
            meeting(pair, at, Meeting.Status.CANCELLED if cancelled else Meeting.Status.HELD)
        )
        at += every
    if pair.is_open and not story.quiet:
        # The next one or two at the cadence, some from tomorrow on.
        at = now.replace(minute=0, second=0, microsecond=0) + rng.randint(1, every.days) * DAY
        for _ in range(rng.randint(1, 2)):
            rows.append(meeting(pair, at, Meeting.Status.SCHEDULED))
            at += every
    return rows


def meeting(pair, starts_at, status) -> Meeting:
    return Meeting(
        mentorship=pair,
        starts_at=starts_at,
        length_minutes=60,
        mode="video",
        place="https://meet.example.org/room",
        agenda=AGENDA,
        notes=NOTES if status == Meeting.Status.HELD else "",
        status=status,
        status_changed_at=starts_at + DAY if status != Meeting.Status.SCHEDULED else None,
        scheduled_by=pair.mentee,
    )


def reflections(meeting_, now, rng) -> list[Reflection]:
    if meeting_.status != Meeting.Status.HELD:
        return []
    pair = meeting_.mentorship
    rows = []
    for author, chance in ((pair.mentee, 0.8), (pair.mentor, 0.6)):
        if rng.random() < chance:
            rows.append(
                Reflection(
                    meeting=meeting_,
                    author=author,
                    learned_1="Ask what the numbers are for before reading them.",
                    learned_2="Name the decision before the detail.",
                    action_1="Send the agenda two days ahead.",
                    never_forget="Budgets are stories about priorities.",
                    shared_at=meeting_.starts_at + DAY if rng.random() < 0.5 else None,
                )
            )
    return rows


def check_in(story, today, now, rng) -> list[CheckInAnswer]:
    start = timezone.localdate(story.in_effect_at)
    due = start + datetime.timedelta(days=(story.planned_end_on - start).days // 2)
    if due > today:
        return []
    roll = rng.random()
    pair = story.mentorship
    authors = [pair.mentee, pair.mentor] if roll < 0.7 else [pair.mentee] if roll < 0.9 else []
    return [
        CheckInAnswer(
            mentorship=pair,
            author=author,
            meeting_rhythm=SENTENCE,
            following_up=SENTENCE,
            do_differently=SENTENCE,
            on_track=SENTENCE,
            needs_help=rng.random() < 0.05,
            answered_at=min(now, datetime.datetime.combine(due, datetime.time(12), datetime.UTC)),
        )
        for author in authors
    ]


def closure(story) -> Closure:
    pair = story.mentorship
    return Closure(
        mentorship=pair,
        status=Closure.Status.AGREED,
        reason=Reason.GOALS_ACHIEVED,
        proposed_by=pair.mentee,
        proposed_at=pair.phase_changed_at,
        answered_by=pair.mentor,
        answered_at=pair.phase_changed_at,
    )


def outcomes(story, rng) -> list[GoalOutcome]:
    pair = story.mentorship
    current = [goal for goal in story.goal_rows if goal.version is story.versions[-1]]
    authors = (pair.mentee, pair.mentor) if story.closed else (pair.mentee,)
    return [
        GoalOutcome(
            mentorship=pair,
            goal=goal,
            author=author,
            outcome=rng.choice(list(Outcome)),
            comment="On time, with help from the finance lead.",
        )
        for goal in current
        for author in authors
    ]
