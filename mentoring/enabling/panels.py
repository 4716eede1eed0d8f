"""The Enabling part of the pair's page (mentoring/programs/panels.py): the action plan's
progress for members, and for everyone the check-in's status and whether the pair asked for
help, never a step or an answer. What it reads, the agreement panel and Enabling's steps read
too (`current_versions`, `pair_check_in`): two queries, and one more for members."""

from django.db.models import Count

from mentoring.agreements.models import AgreementVersion
from mentoring.agreements.panels import current_versions
from mentoring.enabling.models import STEP_OPEN, ActionStep, PairCheckIn, midpoint, step_overdue
from mentoring.programs.panels import PairViewer, Panel


def pair_check_in(viewer: PairViewer) -> PairCheckIn:
    """The pair's check-in answers, for the panel and the steps alike: `viewer.once` it."""
    return PairCheckIn.of(viewer.mentorship)


def enabling(viewer: PairViewer) -> Panel | None:
    mentorship, is_member = viewer.mentorship, viewer.is_member
    in_effect = viewer.once(current_versions).get(AgreementVersion.Status.IN_EFFECT)
    if in_effect is None:
        return None
    check_in = viewer.once(pair_check_in)
    context = {
        "mentorship": mentorship,
        "is_member": is_member,
        "can_edit": viewer.can_edit,
        "status": check_in.status,
        "needs_help": check_in.needs_help,
        # As `with_check_in_dates` and `check_in_due_on` have it.
        "due_on": midpoint(in_effect.first_in_effect_at, in_effect.planned_end_on),
    }
    if is_member:
        context["steps"] = ActionStep.objects.of_mentorship(mentorship).aggregate(
            total=Count("pk"),
            done=Count("pk", filter=~STEP_OPEN),
            overdue=Count("pk", filter=step_overdue()),
        )
    return Panel("enabling/includes/panel.html", context)
