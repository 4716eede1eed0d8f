"""The pairs before Enabling: Priya and David negotiating, Ben and Tom's agreement unsigned,
Sam and Maria preparing, Noor asking Elena."""

from mentoring.agreements.models import Frequency, Mode
from mentoring.demo.stories.common import planning_answers, prepared_pair, self_reflection
from mentoring.demo.workflows import (
    agreement_values,
    backdate,
    moment,
    negotiate,
    reflect,
    start_pair,
    write_planning,
)
from mentoring.preparation.models import CandidateNote, MentorRequest
from mentoring.preparation.services import accept_mentor_request, send_mentor_request


def priya_and_david_negotiating(program, people):
    pair = prepared_pair(
        program,
        people["david"],
        people["priya"],
        days_ago=12,
        focus="leading a bigger rehabilitation team",
        strength="Energetic, good at coaching",
        hope="Ways to lead a team twice the size of my current one.",
    )
    negotiate(
        pair,
        days_ago=2,
        goals=[
            "Set up a coaching routine for the team's new therapists.",
            "Lead the team's first quality review.",
        ],
        values=agreement_values(
            frequency=Frequency.BIWEEKLY,
            length=45,
            mode=Mode.IN_PERSON,
            place="Rehab department meeting room",
            end_in_days=200,
            focus="the coaching routine",
        ),
        signers=(people["priya"],),
    )


def ben_and_tom_unsigned(program, people):
    reflect(people["ben"], self_reflection("budgets and business cases", "Practical"), days_ago=30)
    pair = start_pair(program, people["tom"], people["ben"], days_ago=26)
    answers = planning_answers("budgets and business cases", "To write my first business case.")
    write_planning(pair, answers, shared_days_ago=None)
    negotiate(
        pair,
        days_ago=20,
        acknowledged=3,
        goals=["Write a business case for the new loading dock."],
        values={
            "time_commitment": "An hour a month, maybe more around budget season.",
        },
    )


def sam_and_maria_preparing(program, people):
    sam, maria = people["sam"], people["maria"]
    reflect(sam, self_reflection("leading my first team", "Caring and reliable"), days_ago=6)
    request = send_mentor_request(
        program=program,
        mentee=sam,
        mentor=maria,
        why_this_mentor="You led the nursing teams through two big changes, calmly.",
        hoped_outcome="To grow into my first leadership role with confidence.",
        meeting_frequency="An hour every two weeks",
    )
    pair = accept_mentor_request(mentor_request=request, note="Happy to! Let's meet next week.")
    MentorRequest.objects.filter(pk=request.pk).update(
        created_at=moment(-5, 12), responded_at=moment(-3, 9)
    )
    started = moment(-3, 9)
    backdate(pair, started_at=started, phase_changed_at=started)
    first_thoughts = {
        "in_3_and_5_years": "Leading my own unit in 3 years; in 5, maybe a manager role.",
        "hoped_gain": "Confidence in my first leadership role.",
    }
    write_planning(pair, first_thoughts, shared_days_ago=None)


def noor_asking_elena(program, people):
    noor, elena = people["noor"], people["elena"]
    reflect(noor, self_reflection("moving into management", "Steady in a crisis"), days_ago=9)
    CandidateNote.objects.create(
        author=noor,
        mentor=elena,
        aspire_to="Yes: she leads a department and still knows the wards.",
        values_based="From what colleagues say, yes.",
        available="She has room for another mentee.",
        confidante="I think so; we met at a conference.",
        connection="A little: we met at the digital health day.",
    )
    request = send_mentor_request(
        program=program,
        mentee=noor,
        mentor=elena,
        why_this_mentor="You brought clinical teams along with change that they first resisted.",
        hoped_outcome="To prepare for a manager role within two years.",
        meeting_frequency="Once a month, by video",
    )
    MentorRequest.objects.filter(pk=request.pk).update(created_at=moment(-2, 13))
