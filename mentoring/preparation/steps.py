"""Preparing's steps on the pair's page (mentoring/programs/steps.py).

The self-reflection and an unshared planning template are the mentee's alone: to anyone else
they do not exist (preparation/access.py), so only the mentee sees those two steps; the
mentor sees whether the template is shared with them, a coordinator only the first meeting.
For the mentee one query besides the planning panel's (`planning_template`), for the mentor
and a coordinator none.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from mentoring.preparation.models import PlanningTemplate, SelfReflection
from mentoring.preparation.panels import planning_template
from mentoring.preparation.services import require_every_answer
from mentoring.programs.models import Participant
from mentoring.programs.panels import PairViewer
from mentoring.programs.steps import Step

MENTEE = Participant.Role.MENTEE


def _every_answer_given(planning: PlanningTemplate | None) -> bool:
    # The rule sharing applies (services.share_planning_template): a template is written once
    # it could be shared.
    if planning is None:
        return False
    try:
        require_every_answer(planning, "")
    except ValidationError:
        return False
    return True


def preparing_steps(viewer: PairViewer) -> list[Step]:
    mentorship, user = viewer.mentorship, viewer.user
    met = Step(
        gettext("First meeting held"),
        done=False,  # saying "we have met" is what moves the pair on to Negotiating
        action=gettext("Meet %(name)s, then tell the toolkit you have met")
        % {"name": mentorship.partner_of(user)},
    )
    if not viewer.is_member:
        return [met]
    planning_url = reverse("preparation:planning_template", args=[mentorship.pk])
    planning = viewer.once(planning_template)
    shared = planning is not None and planning.is_shared
    if mentorship.role_of(user) != MENTEE:
        return [
            Step(
                gettext("Planning template shared by %(name)s") % {"name": mentorship.mentee},
                done=shared,
                action=gettext("Read the planning template"),
                # Until it is shared the page is a 404 for the mentor.
                url=planning_url if shared else None,
                who=MENTEE,
            ),
            met,
        ]
    reflection = SelfReflection.objects.filter(author=user).first()
    return [
        Step(
            gettext("Self-reflection completed"),
            done=reflection is not None and reflection.is_complete,
            action=gettext("Complete your self-reflection"),
            url=reverse("preparation:self_reflection"),
            who=MENTEE,
        ),
        Step(
            gettext("Planning template written (every question answered)"),
            done=_every_answer_given(planning),
            action=gettext("Fill in your planning template"),
            url=planning_url,
            who=MENTEE,
        ),
        Step(
            gettext("Planning template shared with %(name)s") % {"name": mentorship.mentor},
            done=shared,
            action=gettext("Share your planning template with %(name)s")
            % {"name": mentorship.mentor},
            url=planning_url,
            who=MENTEE,
        ),
        met,
    ]
