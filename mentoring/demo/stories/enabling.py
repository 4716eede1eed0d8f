"""The pairs in Enabling: Jordan and Aisha on track, Kim and David with overdue steps, Chris
and Elena gone quiet (and asking for help)."""

from mentoring.agreements.models import Frequency, Mode
from mentoring.demo.stories.common import (
    AGENDAS,
    MENTEE,
    MENTOR,
    MENTOR_REFLECTION,
    NEEDS_HELP_CHECK_IN,
    NOTES,
    ON_TRACK_CHECK_IN,
    REFLECTIONS,
    prepared_pair,
    video,
)
from mentoring.demo.workflows import (
    agreement_values,
    cancelled_meeting,
    check_in,
    hold_meeting,
    negotiate,
    plan,
    schedule_meeting,
)


def jordan_and_aisha_on_track(program, people):
    pair = prepared_pair(
        program,
        people["aisha"],
        people["jordan"],
        days_ago=60,
        focus="moving from coordination into management",
        strength="Organised, curious, good at data",
        hope="A clear path into a manager role and the confidence to apply.",
    )
    cadence = negotiate(
        pair,
        days_ago=48,
        goals=[
            "Lead the diagnostics wait-time project to its first milestone.",
            "Build confidence presenting to senior leaders.",
            "Prepare an application for a manager role.",
        ],
        values=agreement_values(
            frequency=Frequency.BIWEEKLY,
            length=60,
            **video("https://meet.example.com/jordan-aisha"),
            end_in_days=130,
            focus="the wait-time project",
        ),
        signers=(people["jordan"], people["aisha"]),
    )
    plan(
        pair,
        sections={
            1: (
                "The project is my chance to lead something visible.",
                "The decision support team; Aisha's project charter.",
                "Radiologists' time; summer holidays.",
                "Wait times measured monthly; first milestone met by June.",
            ),
            2: (
                "Presenting is what holds me back most.",
                "Toastmasters at the hospital; rehearsals with Aisha.",
                "Nerves; little chance to practise.",
                "Two presentations to directors, with feedback.",
            ),
        },
        steps=[
            (1, MENTEE, "Write the project charter", -35, 36),
            (1, MENTEE, "Collect six months of wait-time data", -20, 18),
            (1, MENTEE, "Agree the first milestone with the sponsor", 10, None),
            (1, MENTOR, "Share a project charter example", -40, 41),
            (2, MENTEE, "Rehearse the update with Aisha", 12, None),
            (2, MENTOR, "Invite Jordan to the quality council meeting", 20, None),
            (3, MENTEE, "Update my CV", 45, None),
        ],
    )
    for number, days_ago in enumerate([46, 32, 18, 4]):
        hold_meeting(
            pair,
            days_ago=days_ago,
            agenda=AGENDAS[number],
            questions=[("career-journey", 3), ("defining-goals", 3)]
            if number == 0
            else [("action-review", 2)],
            notes=NOTES[number],
            reflections=[
                (people["jordan"], REFLECTIONS[number % len(REFLECTIONS)], number != 3),
                (people["aisha"], MENTOR_REFLECTION, number == 1),
            ],
            cadence=cadence,
        )
    schedule_meeting(
        pair,
        in_days=10,
        cadence=cadence,
        agenda="1. Milestone agreed with the sponsor?\n2. Rehearse the update.",
        questions=[("action-review", 3), ("strengths-and-improvements", 2)],
    )
    schedule_meeting(pair, in_days=24, cadence=cadence)


def kim_and_david_overdue_steps(program, people):
    pair = prepared_pair(
        program,
        people["david"],
        people["kim"],
        days_ago=80,
        focus="leading a pharmacy team through a new system",
        strength="Careful, thorough, patient",
        hope="Help to lead my team through the new dispensing system.",
    )
    cadence = negotiate(
        pair,
        days_ago=70,
        goals=[
            "Lead the team through the new dispensing system go-live.",
            "Have the difficult conversations I have been putting off.",
        ],
        values=agreement_values(
            frequency=Frequency.MONTHLY,
            length=30,
            mode=Mode.PHONE,
            place="David calls Kim's desk phone",
            end_in_days=60,
            focus="the go-live",
        ),
        signers=(people["kim"], people["david"]),
    )
    plan(
        pair,
        sections={
            1: (
                "The go-live is the biggest change my team has seen.",
                "The vendor's trainers; the super-users.",
                "Night shift can't attend training.",
                "Go-live with no missed doses.",
            )
        },
        steps=[
            (1, MENTEE, "Name two super-users per shift", -50, 49),
            (1, MENTEE, "Book training sessions for night shift", -10, None),
            (2, MENTEE, "Plan the conversation about the late rota swaps", -3, None),
            (2, MENTOR, "Send the conversation planning guide", -20, 21),
        ],
    )
    for number, days_ago in enumerate([65, 35, 8]):
        hold_meeting(
            pair,
            days_ago=days_ago,
            agenda=AGENDAS[(number + 1) % len(AGENDAS)],
            questions=[("relationships", 1)],
            notes=NOTES[(number + 1) % len(NOTES)],
            reflections=[(people["kim"], REFLECTIONS[1], False)],
            cadence=cadence,
        )
    schedule_meeting(pair, in_days=22, cadence=cadence)
    check_in(pair, people["kim"], ON_TRACK_CHECK_IN, days_ago=4)


def chris_and_elena_gone_quiet(program, people):
    pair = prepared_pair(
        program,
        people["elena"],
        people["chris"],
        days_ago=75,
        focus="leading digital change on the wards",
        strength="Analytical, quick to learn new tools",
        hope="To learn how to bring clinical teams along with digital change.",
    )
    cadence = negotiate(
        pair,
        days_ago=68,
        goals=[
            "Lead the e-whiteboard rollout on two wards.",
            "Build relationships with the ward managers.",
        ],
        values=agreement_values(
            frequency=Frequency.WEEKLY,
            length=30,
            **video("https://meet.example.com/chris-elena"),
            end_in_days=40,
            focus="the e-whiteboard rollout",
        ),
        signers=(people["chris"], people["elena"]),
    )
    plan(
        pair,
        sections={
            1: (
                "Digital change on the wards is where I want to lead.",
                "The ward managers; the vendor's rollout guide.",
                "Staff shortages; scepticism about new screens.",
                "Both wards using the e-whiteboard daily.",
            )
        },
        steps=[
            (1, MENTEE, "Walk both wards with the managers", -55, 54),
            (1, MENTEE, "Write the rollout plan", -14, None),
            (2, MENTOR, "Introduce Chris to the nursing director", -7, None),
        ],
    )
    for number, days_ago in enumerate([66, 59, 52, 45, 24]):
        hold_meeting(
            pair,
            days_ago=days_ago,
            agenda=AGENDAS[number % len(AGENDAS)],
            questions=[("personal-development", 4)],
            notes=NOTES[number % len(NOTES)],
            reflections=[(people["chris"], REFLECTIONS[number % len(REFLECTIONS)], True)],
            cadence=cadence,
            hour=15,
        )
    cancelled_meeting(pair, days_ago=17, cadence=cadence)
    check_in(pair, people["chris"], NEEDS_HELP_CHECK_IN, days_ago=12)
    check_in(pair, people["elena"], ON_TRACK_CHECK_IN | {"on_track": "Partly."}, days_ago=11)
