"""Who may see and do what in the Closure phase: the one place the views ask.

The closure pages, the certificate and the portfolio are the pair's: its mentor and mentee
reach them, everyone else (coordinators included) gets a 404. A closed pair is read-only (403
on every change). Coordinators of the pair's program reach one page: closing the pair.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from mentoring.agreements.models import Goal
from mentoring.closure.models import Closure
from mentoring.programs.access import (
    get_mentorship_for_member,
    get_rw_mentorship_for_member,
)
from mentoring.programs.models import Mentorship, Participant


def get_rw_mentorship_for_mentee(user, pk) -> Mentorship:
    mentorship = get_rw_mentorship_for_member(user, pk)
    if mentorship.role_of(user) != Participant.Role.MENTEE:
        raise PermissionDenied(gettext("Only the mentee does this."))
    return mentorship


def get_mentorship_for_mentee(user, pk) -> Mentorship:
    """Open or closed: offering to mentor others changes the person, not the pair."""
    mentorship, _ = get_mentorship_for_member(user, pk)
    if mentorship.role_of(user) != Participant.Role.MENTEE:
        raise PermissionDenied(gettext("Only the mentee does this."))
    return mentorship


def get_proposal_for_member(user, pk, closure_pk) -> Closure:
    """A proposal to close this pair, for one of its members to answer."""
    mentorship = get_rw_mentorship_for_member(user, pk)
    closure = get_object_or_404(Closure, mentorship=mentorship, pk=closure_pk)
    closure.mentorship = mentorship
    return closure


def get_goal_for_member(mentorship: Mentorship, goal_pk) -> Goal:
    """A goal of the pair's agreement in effect: the goals whose outcome people record."""
    return get_object_or_404(Goal.objects.in_effect_for(mentorship), pk=goal_pk)
