"""A program of N pairs with months of realistic activity, written with bulk_create.

`build_program(pairs=N, now=...)` makes one program with its coordinator, N mentees, N // 2 + 1
mentors (two pairs each at most, capacity three), and pairs spread over the phases:

- 10 % Preparing: paired in the last month; most mentees have started the planning template.
- 15 % Negotiating: a draft agreement with goals, sometimes one signature; a third of them were
  paired more than three weeks ago, so they count as at risk.
- 55 % Enabling, 10 % in Closure, 10 % closed: an agreement in effect (some amended once, the
  first version superseded) with its cadence, goals and both signatures; meetings held at that
  cadence since, one or two planned, a few cancelled; 3-2-1 reflections on most held meetings;
  an action plan of two steps per goal, a fifth of the past ones not done (overdue); both,
  one or no check-in answers after the mid-point, a few asking for help; one pair in seven has
  gone quiet (no meeting for three times the cadence). Pairs in Closure have agreed to close;
  closed pairs also have goal outcomes, closing reflections and a thank-you.

Every person also has a department; mentors name three areas of expertise, mentees two
areas they want to grow in. A fixed seed makes
two runs build the same program. Nothing here is a workflow: rows are written directly, so the
rules a service would check are kept by construction. What happens to each pair is decided
here (`story_of`); its rows are made in bench/data_rows.py.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from bench.data_rows import (
    DAY,
    SENTENCE,
    action_steps,
    agreement_versions,
    check_in,
    closure,
    meetings_of,
    outcomes,
    planning,
    reflections,
    self_reflection,
    signatures,
)
from mentoring.agreements.models import (
    RESPONSIBILITIES,
    Acknowledgement,
    Agreement,
    AgreementVersion,
    Frequency,
    Goal,
    Signature,
)
from mentoring.closure.models import ClosingReflection, Closure, GoalOutcome, ThankYouNote
from mentoring.enabling.models import ActionStep, CheckInAnswer, PlanSection
from mentoring.meetings.models import Meeting, Reflection
from mentoring.preparation.models import PlanningTemplate, SelfReflection
from mentoring.programs.models import Mentorship, Participant, Phase, Program

BATCH = 2000

DEPARTMENTS = [
    "Emergency, Vancouver General",
    "Intensive Care, Royal Columbian",
    "Surgery, Lions Gate",
    "Medical Imaging, Burnaby",
    "Pharmacy, Richmond",
    "Finance",
    "People and Culture",
    "Digital Health",
    "Home and Community Care",
    "Mental Health and Substance Use",
    "Public Health, Surrey",
    "Quality and Patient Safety",
]
EXPERTISE = [
    "budgeting",
    "leading a team",
    "difficult conversations",
    "project management",
    "quality improvement",
    "public speaking",
    "change management",
    "clinical leadership",
    "data and reporting",
    "career planning",
    "hiring",
    "negotiation",
]
FIRST_NAMES = [
    "Amara", "Ben", "Chris", "Dana", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonah",
    "Kim", "Leila", "Marco", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tom",
]  # fmt: skip
LAST_NAMES = [
    "Singh", "Chen", "Nguyen", "Martin", "Tremblay", "Roy", "Gagnon", "Lee", "Wilson", "Brown",
    "Taylor", "Campbell", "Anderson", "Ahmed", "Kowalski", "Moreau", "Okafor", "Silva",
]  # fmt: skip

GOALS = [
    "Lead the unit's budget review with the director by the spring.",
    "Present a quality improvement project at the regional forum.",
    "Prepare for a charge nurse role: scheduling, conflict and handover.",
    "Build a network outside my own department.",
]


@dataclass
class Story:
    """What happened to one pair, decided before any row is written."""

    mentorship: Mentorship
    phase: str
    closed: bool = False
    frequency: str = ""
    in_effect_at: datetime.datetime | None = None
    planned_end_on: datetime.date | None = None
    amended: bool = False
    quiet: bool = False
    goals: int = 3
    versions: list = field(default_factory=list)
    goal_rows: list = field(default_factory=list)


@dataclass
class BuiltProgram:
    program: Program
    coordinator: User
    mentorships: list[Mentorship]
    rows: int


def pick_phase(rng: random.Random) -> tuple[str, bool]:
    roll = rng.random()
    if roll < 0.10:
        return Phase.PREPARING, False
    if roll < 0.25:
        return Phase.NEGOTIATING, False
    if roll < 0.80:
        return Phase.ENABLING, False
    if roll < 0.90:
        return Phase.CLOSURE, False
    return Phase.CLOSURE, True


def person(tag: str, role: str, number: int, rng: random.Random, password: str) -> User:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    mentor = role == "mentor"
    return User(
        email=f"{role}{number}@{tag}.bench.example",
        full_name=f"{first} {last} {number}",
        password=password,
        department=rng.choice(DEPARTMENTS),
        job_title="Manager" if mentor else "Coordinator",
        expertise=", ".join(rng.sample(EXPERTISE, 3)) if mentor else "",
        growth_areas="" if mentor else ", ".join(rng.sample(EXPERTISE, 2)),
        open_to_mentoring=mentor,
        mentee_capacity=3 if mentor else 1,
    )


def build_program(*, pairs: int, now: datetime.datetime, tag: str, seed: int = 5) -> BuiltProgram:
    rng = random.Random(f"{seed}-{tag}")
    today = timezone.localdate(now)
    password = make_password(None)  # unusable: the benchmark signs in with sessions
    written = 0

    def save(model, objects):
        nonlocal written
        written += len(objects)
        return model.objects.bulk_create(objects, batch_size=BATCH)

    coordinator = User.objects.create(
        email=f"coordinator@{tag}.bench.example", full_name=f"Coordinator {tag}", password=password
    )
    program = Program.objects.create(
        name=f"Bench program {tag} ({pairs:,} pairs)",
        starts_on=today - 240 * DAY,
        ends_on=today + 180 * DAY,
    )
    program.coordinators.add(coordinator)
    mentees = save(User, [person(tag, "mentee", n, rng, password) for n in range(pairs)])
    mentors = save(User, [person(tag, "mentor", n, rng, password) for n in range(pairs // 2 + 1)])
    save(
        Participant,
        [Participant(program=program, user=u, role=Participant.Role.MENTEE) for u in mentees]
        + [Participant(program=program, user=u, role=Participant.Role.MENTOR) for u in mentors],
    )

    stories = [
        story_of(rng, now, program, mentee, mentors[n % len(mentors)])
        for n, mentee in enumerate(mentees)
    ]
    mentorships = save(Mentorship, [story.mentorship for story in stories])
    save(
        SelfReflection,
        [self_reflection(mentee, now) for mentee in mentees if rng.random() < 0.8],
    )
    save(
        PlanningTemplate,
        [planning(story, now, rng) for story in stories if rng.random() < 0.7],
    )

    negotiated = [story for story in stories if story.phase != Phase.PREPARING]
    save(
        Acknowledgement,
        [
            Acknowledgement(
                mentorship=story.mentorship,
                item=item,
                acknowledged_by=story.mentorship.mentee,
                acknowledged_at=story.mentorship.phase_changed_at,
            )
            for story in negotiated
            for item, _ in RESPONSIBILITIES
        ],
    )
    agreements = save(Agreement, [Agreement(mentorship=story.mentorship) for story in negotiated])
    for story, agreement in zip(negotiated, agreements, strict=True):
        story.versions = agreement_versions(story, agreement, now, rng)
    save(AgreementVersion, [version for story in negotiated for version in story.versions])
    for story in negotiated:
        story.goal_rows = [
            Goal(version=version, position=n, text=GOALS[n - 1])
            for version in story.versions
            for n in range(1, story.goals + 1)
        ]
    save(Goal, [goal for story in negotiated for goal in story.goal_rows])
    save(Signature, [s for story in negotiated for s in signatures(story, rng)])

    enabled = [story for story in negotiated if story.in_effect_at]
    sections = save(
        PlanSection,
        [
            PlanSection(
                mentorship=story.mentorship,
                position=n,
                goal_alignment=SENTENCE,
                support=SENTENCE,
                revision=1,
                updated_by=story.mentorship.mentee,
            )
            for story in enabled
            for n in range(1, story.goals + 1)
        ],
    )
    save(
        ActionStep,
        [step for section in sections for step in action_steps(section, today, now, rng)],
    )

    meetings = save(
        Meeting, [meeting for story in enabled for meeting in meetings_of(story, now, rng)]
    )
    save(Reflection, [r for meeting in meetings for r in reflections(meeting, now, rng)])
    save(CheckInAnswer, [a for story in enabled for a in check_in(story, today, now, rng)])

    closing = [story for story in enabled if story.phase == Phase.CLOSURE]
    save(Closure, [closure(story) for story in closing])
    save(GoalOutcome, [o for story in closing for o in outcomes(story, rng)])
    save(
        ClosingReflection,
        [
            ClosingReflection(mentorship=story.mentorship, author=author, feelings=SENTENCE)
            for story in closing
            if story.closed
            for author in (story.mentorship.mentee, story.mentorship.mentor)
        ],
    )
    save(
        ThankYouNote,
        [
            ThankYouNote(
                mentorship=story.mentorship, text=SENTENCE, sent_at=story.mentorship.ended_at
            )
            for story in closing
            if story.closed
        ],
    )
    return BuiltProgram(program, coordinator, mentorships, written + 2)


def story_of(rng, now, program, mentee, mentor) -> Story:
    phase, closed = pick_phase(rng)
    if phase == Phase.PREPARING:
        started = now - rng.uniform(1, 30) * DAY
        pair = Mentorship(program=program, mentor=mentor, mentee=mentee, phase=phase,
                          started_at=started, phase_changed_at=started)  # fmt: skip
        return Story(pair, phase)
    if phase == Phase.NEGOTIATING:
        started = now - rng.uniform(8, 45) * DAY
        pair = Mentorship(program=program, mentor=mentor, mentee=mentee, phase=phase,
                          started_at=started, phase_changed_at=started + 5 * DAY)  # fmt: skip
        return Story(pair, phase, goals=rng.randint(1, 3))
    started = now - rng.uniform(60, 230) * DAY
    in_effect_at = started + rng.uniform(14, 30) * DAY
    frequency = rng.choices(
        [Frequency.WEEKLY, Frequency.BIWEEKLY, Frequency.MONTHLY], weights=[2, 5, 3]
    )[0]
    planned_end_on = timezone.localdate(in_effect_at) + rng.randint(150, 270) * DAY
    ended_at = now - rng.uniform(1, 20) * DAY if closed else None
    if phase == Phase.CLOSURE:
        changed = (ended_at or now) - rng.uniform(1, 10) * DAY
    else:
        changed = in_effect_at
    pair = Mentorship(
        program=program,
        mentor=mentor,
        mentee=mentee,
        phase=phase,
        started_at=started,
        phase_changed_at=max(changed, in_effect_at),
        ended_at=ended_at,
    )
    return Story(
        pair,
        phase,
        closed=closed,
        frequency=frequency,
        in_effect_at=in_effect_at,
        planned_end_on=planned_end_on,
        amended=rng.random() < 0.15,
        quiet=phase == Phase.ENABLING and rng.random() < 0.15,
        goals=rng.randint(2, 3),
    )
