"""Enrolment panels for pages other apps own (the pairing page)."""

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
