"""What the demo pairs have written and done, so every page has something to show.

One pair per moment of the toolkit: asking a mentor, preparing, negotiating (on time, and late),
enabling (on track, with overdue steps, and gone quiet), closing, and closed. Three of them are
at risk by the dashboard's rules: an agreement unsigned three weeks after pairing (Ben and Tom),
overdue action steps (Kim and David), no meeting for over twice the cadence (Chris and Elena,
who also ask the coordinator for help in their check-in).
"""

from accounts.models import User
from mentoring.agreements.models import Frequency, Mode
from mentoring.closure.models import Outcome
from mentoring.closure.services import save_closing_reflection
from mentoring.demo.workflows import (
    agree_to_close,
    agreement_values,
    backdate,
    cancelled_meeting,
    check_in,
    complete,
    hold_meeting,
    moment,
    negotiate,
    plan,
    record_outcomes,
    reflect,
    schedule_meeting,
    start_pair,
    thank,
    write_planning,
)
from mentoring.preparation.models import CandidateNote, MentorRequest
from mentoring.preparation.services import accept_mentor_request, send_mentor_request
from mentoring.programs.models import Participant, Program

MENTEE = Participant.Role.MENTEE
MENTOR = Participant.Role.MENTOR


def self_reflection(focus: str, strength: str) -> dict[str, str]:
    return {
        "looking_forward_to": (
            f"Someone outside my own team to think out loud with about {focus}, "
            "and honest feedback on how I come across."
        ),
        "strengths": (
            f"{strength}. I am motivated by seeing a team work well together and by patients "
            "noticing the difference."
        ),
        "challenges": (
            f"{focus.capitalize()} while keeping up with the day job. I take on too much "
            "myself and find it hard to say no."
        ),
        "success": (
            "We meet regularly, I leave each meeting with one or two concrete actions, and "
            "by the end I feel ready for the next step."
        ),
    }


def planning_answers(focus: str, hope: str) -> dict[str, str]:
    return {
        "in_3_and_5_years": (
            "In 3 years leading a larger team; in 5 years managing a program or a service."
        ),
        "hoped_gain": hope,
        "mentor_role": "A sounding board who shares what worked for them and challenges me.",
        "strengths": "Calm under pressure, well organised, trusted by my colleagues.",
        "growth_needs": f"{focus.capitalize()}; delegating; speaking up in senior meetings.",
        "discussion_topics": (
            "How you moved from a clinical role into leadership; budgets; handling conflict."
        ),
        "urgent_topics": "A difficult staffing conversation coming up next month.",
        "confidentiality": "Names of colleagues stay between us.",
        "off_limits": "None",
        "challenges": "Finding time in busy weeks; not cancelling when the unit is short.",
        "scheduling": "An hour every two weeks, early in the morning if possible.",
        "evaluation": "Whether I reach my goals, and whether I feel more confident as a leader.",
    }


AGENDAS = [
    "1. What I tried since last time with the staffing rota.\n"
    "2. Preparing for the budget meeting.\n3. Feedback on my draft email to the team.",
    "1. The conflict between the two shifts: how to open the conversation.\n"
    "2. Progress on my goals.\n3. Reading you recommended.",
    "1. How the presentation went.\n2. Next steps on the quality project.\n"
    "3. Balancing project work with the unit.",
    "1. Mid-way check-in: are we on track?\n2. What to change in the goals.\n"
    "3. Networking contacts.",
]
NOTES = [
    "Talked through the rota options; trying the self-scheduling pilot for two weeks. "
    "Mentor shared how they ran a similar change. Next: draft a one-page proposal.",
    "Role-played the opening of the conversation between the shifts. Agreed to meet both "
    "leads separately first. Mentor to send the article on psychological safety.",
    "The presentation landed well; questions about cost came up. Next: a short business case "
    "with finance. Mentor will introduce a contact in Finance.",
    "Reviewed the action plan: two steps done, one slipped because of the flu season. "
    "Moved its date; goals still right.",
    "Spoke about career paths and the next posting. Mentor suggested shadowing a director "
    "for a day.",
]
REFLECTIONS = [
    {
        "learned_1": "Start a hard conversation with the shared goal, not the problem.",
        "learned_2": "A pilot is easier to agree to than a permanent change.",
        "learned_3": "My mentor also found delegating hard at first.",
        "action_1": "Write the one-page proposal by Friday.",
        "action_2": "Hand the weekly report to a senior colleague.",
        "never_forget": "“Leadership is mostly follow-up.”",
    },
    {
        "learned_1": "Meeting people separately first lowers the temperature.",
        "learned_2": "Silence in a meeting is not agreement.",
        "learned_3": "",
        "action_1": "Book one-to-ones with both shift leads.",
        "action_2": "",
        "never_forget": "Ask what the other person needs before saying what I need.",
    },
    {
        "learned_1": "Finance cares about the next three years, not just this one.",
        "learned_2": "Numbers first, story second for this audience.",
        "learned_3": "It is fine to say I will come back with an answer.",
        "action_1": "Meet the finance contact.",
        "action_2": "Redo the costs on a three-year view.",
        "never_forget": "The question behind the question is usually about risk.",
    },
]
MENTOR_REFLECTION = {
    "learned_1": "My mentee is further along than they think.",
    "learned_2": "I should ask more and tell less.",
    "learned_3": "",
    "action_1": "Send the article and the contact's name.",
    "action_2": "",
    "never_forget": "How much a small pilot changed the team's mood.",
}
ON_TRACK_CHECK_IN = {
    "meeting_rhythm": "Yes: every two weeks for an hour works for both of us.",
    "following_up": "Mostly; one step slipped but we moved its date.",
    "do_differently": "Send the agenda a day earlier.",
    "on_track": "Yes, goals 1 and 2 are well under way.",
    "goals_need_change": False,
    "goals_change_details": "",
    "needs_help": False,
}
NEEDS_HELP_CHECK_IN = {
    "meeting_rhythm": "No: we have missed the last few meetings because of rota changes.",
    "following_up": "Not really; several steps are late.",
    "do_differently": "Book meetings further ahead and keep them short if needed.",
    "on_track": "Behind on both goals.",
    "goals_need_change": True,
    "goals_change_details": "Goal 2 may need a later date, or a smaller scope.",
    "needs_help": True,
}


def video(link: str) -> dict:
    return {"mode": Mode.VIDEO, "place": link}


def tell(program: Program, people: dict[str, User]) -> None:
    """Every pair's story, the closed one first: it freed a place with its mentor."""
    fatima_and_maria_completed(program, people)
    alex_and_aisha_closing(program, people)
    jordan_and_aisha_on_track(program, people)
    kim_and_david_overdue_steps(program, people)
    chris_and_elena_gone_quiet(program, people)
    priya_and_david_negotiating(program, people)
    ben_and_tom_unsigned(program, people)
    sam_and_maria_preparing(program, people)
    noor_asking_elena(program, people)


def prepared_pair(program, mentor, mentee, *, days_ago, focus, strength, hope):
    reflect(mentee, self_reflection(focus, strength), days_ago=days_ago + 10)
    pair = start_pair(program, mentor, mentee, days_ago=days_ago)
    write_planning(pair, planning_answers(focus, hope), shared_days_ago=days_ago - 2)
    return pair


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
