"""The pairs in Closure: Fatima and Maria, closed; Alex and Aisha, closing."""

from mentoring.agreements.models import Frequency, Mode
from mentoring.closure.models import Outcome
from mentoring.closure.services import save_closing_reflection
from mentoring.demo.stories.common import (
    AGENDAS,
    MENTEE,
    MENTOR,
    MENTOR_REFLECTION,
    NOTES,
    ON_TRACK_CHECK_IN,
    REFLECTIONS,
    prepared_pair,
    video,
)
from mentoring.demo.workflows import (
    agree_to_close,
    agreement_values,
    check_in,
    complete,
    hold_meeting,
    negotiate,
    plan,
    record_outcomes,
    thank,
)


def fatima_and_maria_completed(program, people):
    pair = prepared_pair(
        program,
        people["maria"],
        people["fatima"],
        days_ago=190,
        focus="leading a merger of two laboratory teams",
        strength="Precise, fair, good with data",
        hope="Confidence to lead the lab merger and a network beyond Diagnostics.",
    )
    cadence = negotiate(
        pair,
        days_ago=180,
        goals=[
            "Lead the merger of the two laboratory teams with no loss of staff.",
            "Build a network of three peers outside Diagnostics.",
        ],
        values=agreement_values(
            frequency=Frequency.MONTHLY,
            length=60,
            mode=Mode.IN_PERSON,
            place="Maria's office, 4th floor, Vancouver General",
            end_in_days=30,
            focus="the lab merger",
        ),
        signers=(people["fatima"], people["maria"]),
    )
    plan(
        pair,
        sections={
            1: (
                "The merger is my first big change as a manager.",
                "HR business partner; Maria's change plan template.",
                "Two teams with different shift patterns.",
                "Merger done on time; no resignations because of it.",
            ),
        },
        steps=[
            (1, MENTEE, "Hold listening sessions with both teams", -170, 165),
            (1, MENTEE, "Agree one shift pattern with both leads", -120, 118),
            (1, MENTOR, "Share the change plan template", -175, 176),
            (2, MENTEE, "Join the regional lab managers' group", -100, 95),
        ],
    )
    for number, days_ago in enumerate([175, 145, 115, 85, 55]):
        hold_meeting(
            pair,
            days_ago=days_ago,
            agenda=AGENDAS[number % len(AGENDAS)],
            questions=[("defining-goals", 1)] if number == 0 else [("action-review", 4)],
            notes=NOTES[number],
            reflections=[(people["fatima"], REFLECTIONS[number % len(REFLECTIONS)], True)],
            cadence=cadence,
        )
    check_in(pair, people["fatima"], ON_TRACK_CHECK_IN, days_ago=100)
    check_in(pair, people["maria"], ON_TRACK_CHECK_IN, days_ago=99)
    agree_to_close(pair, days_ago=30)
    record_outcomes(
        pair,
        people["fatima"],
        [(Outcome.ACHIEVED, "Merged in May; everyone stayed."), (Outcome.ACHIEVED, "")],
    )
    record_outcomes(pair, people["maria"], [(Outcome.ACHIEVED, ""), (Outcome.PARTLY, "")])
    save_closing_reflection(
        mentorship=pair,
        user=people["fatima"],
        feelings="Grateful. I started this year afraid of the merger and ended it proud.",
    )
    thank(
        pair,
        "Maria, thank you for your time and your patience. Your change plan template is now "
        "on my wall.",
        days_ago=25,
    )
    complete(pair, days_ago=20)


def alex_and_aisha_closing(program, people):
    pair = prepared_pair(
        program,
        people["aisha"],
        people["alex"],
        days_ago=170,
        focus="improving quality in food services",
        strength="Practical, calm, good with people",
        hope="Tools to run a quality improvement project from start to finish.",
    )
    cadence = negotiate(
        pair,
        days_ago=155,
        goals=[
            "Run one quality improvement project on patient meal delivery.",
            "Present the results to the leadership team.",
            "Write a development plan for the next two years.",
        ],
        values=agreement_values(
            frequency=Frequency.BIWEEKLY,
            length=45,
            **video("https://meet.example.com/alex-aisha"),
            end_in_days=10,
            focus="the meal delivery project",
        ),
        signers=(people["alex"], people["aisha"]),
    )
    plan(
        pair,
        sections={
            1: (
                "Quality is where I want to grow.",
                "The quality team's PDSA templates.",
                "Kitchen staffing in winter.",
                "Cold meals complaints down by half.",
            )
        },
        steps=[
            (1, MENTEE, "Measure meal temperatures for two weeks", -140, 138),
            (1, MENTOR, "Introduce Alex to the patient experience lead", -145, 146),
            (2, MENTEE, "Draft the presentation", -40, 42),
            (3, MENTEE, "Write the development plan", -15, 12),
        ],
    )
    for number, days_ago in enumerate([150, 122, 94, 66, 38, 12]):
        hold_meeting(
            pair,
            days_ago=days_ago,
            agenda=AGENDAS[number % len(AGENDAS)],
            questions=[("strengths-and-improvements", 1)],
            notes=NOTES[number % len(NOTES)],
            reflections=[
                (people["alex"], REFLECTIONS[number % len(REFLECTIONS)], number % 2 == 0),
                (people["aisha"], MENTOR_REFLECTION, number == 5),
            ],
            cadence=cadence,
        )
    check_in(pair, people["alex"], ON_TRACK_CHECK_IN, days_ago=80)
    check_in(pair, people["aisha"], ON_TRACK_CHECK_IN, days_ago=78)
    agree_to_close(pair, days_ago=5)
    record_outcomes(
        pair,
        people["alex"],
        [
            (Outcome.ACHIEVED, "Complaints about cold meals fell by 60%."),
            (Outcome.ACHIEVED, "Presented in March."),
            (Outcome.PARTLY, "A first draft; I will finish it with my manager."),
        ],
    )
    record_outcomes(
        pair, people["aisha"], [(Outcome.ACHIEVED, ""), (Outcome.ACHIEVED, "A great talk.")]
    )
    thank(
        pair,
        "Aisha, thank you for every question that made me think twice, and for the "
        "introductions. I would like to mentor someone next year.",
        days_ago=3,
    )
