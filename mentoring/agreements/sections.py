"""The agreement as people read it: the template's seven parts, each with its questions and
the version's answers, for the pages, the PDF, the diff and the portfolio alike."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.agreements.models import MAX_GOALS, AgreementVersion

# The template's seven parts, in its words, and the fields that answer each ("goals" stands for
# the Goal rows). The planned end date sits with the time the pair can commit.
SECTIONS = [
    (
        _("Establish the development and/or long-term career goals and mentorship goals"),
        ["goals"],
    ),
    (
        _("Discuss how much time can be committed to the mentorship on a regular basis"),
        ["time_commitment", "planned_end_on"],
    ),
    (_("Agree on discussion format"), ["agenda_setting", "check_ins"]),
    (
        _("Confirm meeting cadence"),
        [
            "meeting_frequency",
            "meeting_length_minutes",
            "meeting_mode",
            "meeting_place",
            "cadence_notes",
        ],
    ),
    (_("Set any ground rules"), ["confidentiality", "off_limits", "boundaries"]),
    (_("Articulate criteria for success"), ["success"]),
    (
        _("Process for action planning and follow-up"),
        ["mentor_expectations", "mentee_expectations"],
    ),
]


def goal_label(position: int) -> str:
    return gettext("Goal %(position)s") % {"position": position}


def answers(version: AgreementVersion, goals) -> list[tuple[str, list[tuple[str, str]]]]:
    """The version as people read it: each part's heading with (question, answer) pairs.

    Goals are passed in (usually the prefetched `version.goals.all()`) so a version built in
    memory, as the benchmark does, renders the same way.
    """
    goal_texts = {goal.position: goal.text for goal in goals}
    parts = []
    for heading, names in SECTIONS:
        items = []
        for name in names:
            if name == "goals":
                items += [
                    (goal_label(position), goal_texts.get(position, ""))
                    for position in range(1, MAX_GOALS + 1)
                ]
            else:
                label = AgreementVersion._meta.get_field(name).verbose_name
                items.append((label, version.display_value(name)))
        parts.append((heading, items))
    return parts
