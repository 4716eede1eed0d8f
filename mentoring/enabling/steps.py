"""Enabling's steps on the pair's page (mentoring/programs/steps.py): the action plan, and
the mid-way check-in. One query each, with what the agreement panel and the enabling panel
read too (`current_versions`, `pair_check_in`). A coordinator sees whether the plan has its
sections and how many have answered the check-in, as the enabling panel tells them, never a
word."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext

from mentoring.agreements.models import AgreementVersion, Goal
from mentoring.agreements.panels import current_versions
from mentoring.enabling.models import PlanSection
from mentoring.enabling.panels import pair_check_in
from mentoring.programs.panels import PairViewer
from mentoring.programs.steps import Step


def action_plan_steps(viewer: PairViewer) -> list[Step]:
    """Started once every goal in effect has its section: a section is saved the first time
    either member writes in it or adds a step to it (services.save_section, add_step)."""
    mentorship = viewer.mentorship
    in_effect = viewer.once(current_versions).get(AgreementVersion.Status.IN_EFFECT)
    sections = PlanSection.objects.filter(mentorship=mentorship).values("position")
    # `Goal.objects.in_effect_for`, with the version the agreement panel already read.
    goals = (
        Goal.objects.filter(version=in_effect).aggregate(
            total=Count("pk"), planned=Count("pk", filter=Q(position__in=sections))
        )
        if in_effect
        else {"total": 0, "planned": 0}
    )
    return [
        Step(
            gettext("Action plan started: a section for each goal (%(planned)s of %(total)s)")
            % goals,
            done=goals["total"] > 0 and goals["planned"] == goals["total"],
            action=gettext("Start your action plan: a section for each goal"),
            url=reverse("enabling:action_plan", args=[mentorship.pk]),
        )
    ]


def check_in_steps(viewer: PairViewer) -> list[Step]:
    """Each member answers for themselves (PairCheckIn); a coordinator sees the count."""
    mentorship, user = viewer.mentorship, viewer.user
    check_in = viewer.once(pair_check_in)
    if not viewer.is_member:
        return [
            Step(
                gettext("Mid-way check-in answered by both (%(status)s)")
                % {"status": str(check_in.status.label).lower()},
                done=check_in.is_shared,
            )
        ]
    return [
        Step(
            gettext("Mid-way check-in answered by you"),
            done=check_in.own(user) is not None,
            action=gettext("Answer the mid-way check-in"),
            url=reverse("enabling:check_in", args=[mentorship.pk]),
            who=mentorship.role_of(user),
        )
    ]
