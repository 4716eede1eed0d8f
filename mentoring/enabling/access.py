"""Who may see and change the action plan and the check-in: the one place views ask.

Both are the pair's own: its mentor and mentee read them, and change them while the
mentorship is open. Coordinators see the check-in's status on the pair's page, never a plan
or an answer: every page here is a 404 for them, as for strangers.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from mentoring.enabling.models import ActionStep
from mentoring.programs.access import get_mentorship_for_member, get_rw_mentorship_for_member
from mentoring.programs.models import Mentorship


def get_mentorship_for_plan(user, pk) -> tuple[Mentorship, bool]:
    """The mentorship whose plan and check-in the user may read, and whether they may change
    them (404 for anyone but the pair)."""
    return get_mentorship_for_member(user, pk)


def get_rw_mentorship_for_plan(user, pk) -> Mentorship:
    """The mentorship whose plan and check-in the user may change (403 once it has ended)."""
    return get_rw_mentorship_for_member(user, pk)


def get_rw_step_for_member(user, pk, step_pk) -> tuple[Mentorship, ActionStep | None]:
    """A step of the pair's plan the user may change; None if it no longer exists (a stale
    page or a double submit), so the view can say so instead of failing."""
    mentorship = get_rw_mentorship_for_plan(user, pk)
    step = ActionStep.objects.of_mentorship(mentorship).filter(pk=step_pk).first()
    return mentorship, step


def get_step_to_tick(user, pk, step_pk) -> tuple[Mentorship, ActionStep | None]:
    """A step the user may tick done: only its owner may (403 for the partner)."""
    mentorship, step = get_rw_step_for_member(user, pk, step_pk)
    if step is not None and step.owner != mentorship.role_of(user):
        raise PermissionDenied(
            gettext("Only %(person)s ticks this step done.")
            % {"person": step.owner_person(mentorship)}
        )
    return mentorship, step
