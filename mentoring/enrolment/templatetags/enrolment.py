"""Enrolment panels for pages other apps own: the pairing page and the mentor directory.

Home's invitations panel is in mentoring/enrolment/panels.py."""

from django import template

from mentoring.enrolment.matching import suggest_mentors

register = template.Library()


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
