"""Suggested mentors for a mentee: who shares the topics they want to grow in.

Ranked by how many of the mentee's growth areas a mentor lists as expertise (compared without
regard to case or spacing), then preferring a mentor from another department (a wider network,
and no line-management ties), then the mentor with more room. Mentors at capacity or not open to
mentoring are never suggested; nor is the mentee, nor a mentor they are already paired with.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from accounts.models import User
from mentoring.lib.languages import joined
from mentoring.preparation.models import available_mentors
from mentoring.programs.models import Mentorship, Program


def topic_key(topic: str) -> str:
    return " ".join(topic.casefold().split())


@dataclass(frozen=True)
class Suggestion:
    mentor: User
    shared_topics: list[str]
    other_department: bool

    @property
    def places_left(self) -> int:
        return self.mentor.places_left

    @property
    def reason(self) -> str:
        """Why, in words: "Shares: budgets; works in Surgery, a different department"."""
        if self.shared_topics:
            parts = [gettext("Shares: %(topics)s") % {"topics": ", ".join(self.shared_topics)}]
        else:
            parts = [gettext("No growth area in common")]
        department = {"department": self.mentor.department}
        if self.other_department:
            parts.append(gettext("works in %(department)s, a different department") % department)
        elif self.mentor.department:
            parts.append(gettext("works in the same department (%(department)s)") % department)
        return joined(parts)

    def rank(self) -> tuple:
        return (
            -len(self.shared_topics),
            not self.other_department,
            -self.places_left,
            self.mentor.display_name.casefold(),
            self.mentor.pk,
        )


def suggest_mentors(*, program: Program, mentee: User, limit: int = 10) -> list[Suggestion]:
    """The best mentors for this mentee among the program's mentors with room, in one query."""
    partners = Mentorship.objects.open().filter(mentee=mentee).values("mentor")
    mentors = (
        available_mentors(program)
        .exclude(pk=mentee.pk)
        .exclude(pk__in=partners)
        .only("full_name", "email", "department", "expertise", "mentee_capacity")
    )
    wanted = {topic_key(topic): topic for topic in mentee.growth_areas_list}
    mentee_department = topic_key(mentee.department)
    suggestions = []
    for mentor in mentors:
        expertise = {topic_key(topic) for topic in mentor.expertise_list}
        mentor_department = topic_key(mentor.department)
        suggestions.append(
            Suggestion(
                mentor=mentor,
                shared_topics=[topic for key, topic in wanted.items() if key in expertise],
                other_department=bool(
                    mentee_department
                    and mentor_department
                    and mentee_department != mentor_department
                ),
            )
        )
    suggestions.sort(key=Suggestion.rank)
    return suggestions[:limit]
