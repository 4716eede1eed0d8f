"""Enrolment panels for pages other apps own: the pairing page, the mentor directory, home."""

from django import template

from mentoring.enrolment.matching import suggest_mentors
from mentoring.enrolment.models import ProgramInvitation

register = template.Library()

INVITATIONS_LIMIT = 5


@register.inclusion_tag("enrolment/includes/suggestions.html")
def suggested_mentors(program, mentee):
    """Ranked mentors for the mentee, each with why and a button to pair them: one query."""
    return {
        "program": program,
        "mentee": mentee,
        "suggestions": suggest_mentors(program=program, mentee=mentee),
    }


@register.inclusion_tag("enrolment/includes/suggestions_for_mentee.html")
def suggested_for_me(program, mentee):
    """The mentee's own few best-matching mentors, when they have named growth areas."""
    suggestions = (
        suggest_mentors(program=program, mentee=mentee, limit=3) if mentee.growth_areas else []
    )
    return {
        "program": program,
        "mentee": mentee,
        "suggestions": [suggestion for suggestion in suggestions if suggestion.shared_topics],
    }


@register.inclusion_tag("enrolment/includes/my_invitations.html")
def my_invitations(user):
    """Invitations waiting for this person's answer: the first few, and whether there are more.

    One query, with the program and who invited them.
    """
    waiting = list(ProgramInvitation.objects.to(user)[: INVITATIONS_LIMIT + 1])
    return {"invitations": waiting[:INVITATIONS_LIMIT], "more": len(waiting) > INVITATIONS_LIMIT}
