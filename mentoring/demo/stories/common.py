"""What the stories share: the words the demo people write, and a pair prepared to start."""

from mentoring.agreements.models import Mode
from mentoring.demo.workflows import reflect, start_pair, write_planning
from mentoring.programs.models import Participant

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


def prepared_pair(program, mentor, mentee, *, days_ago, focus, strength, hope):
    reflect(mentee, self_reflection(focus, strength), days_ago=days_ago + 10)
    pair = start_pair(program, mentor, mentee, days_ago=days_ago)
    write_planning(pair, planning_answers(focus, hope), shared_days_ago=days_ago - 2)
    return pair
