"""The Enabling panel on the pair's page: three queries, whatever the amount of data."""

from django import template
from django.db.models import Count, Exists, OuterRef, Q

from mentoring.agreements.models import AgreementVersion, Status
from mentoring.enabling.models import (
    ActionStep,
    CheckInAnswer,
    check_in_status,
    midpoint,
    with_check_in_dates,
)
from mentoring.programs.models import Mentorship

register = template.Library()


@register.inclusion_tag("enabling/includes/panel.html")
def enabling_panel(mentorship, is_member, can_edit):
    """Members see their plan's progress and the check-in; coordinators only the check-in's
    status and whether the pair asked for help, never a step or an answer."""
    in_effect = AgreementVersion.objects.filter(
        agreement__mentorship=OuterRef("pk"), status=Status.IN_EFFECT
    )
    dates = (
        with_check_in_dates(Mentorship.objects.filter(pk=mentorship.pk))
        .annotate(has_agreement=Exists(in_effect))
        .values("agreement_in_effect_at", "agreement_planned_end_on", "has_agreement")
        .get()
    )
    if not dates["has_agreement"]:
        return {"open": False}
    answers = CheckInAnswer.objects.filter(mentorship=mentorship).aggregate(
        answered=Count("pk"),
        help=Count("pk", filter=Q(needs_help=True, help_resolved_at__isnull=True)),
    )
    context = {
        "open": True,
        "mentorship": mentorship,
        "is_member": is_member,
        "can_edit": can_edit,
        "status": check_in_status(answers["answered"]),
        "needs_help": answers["help"] > 0,
        "due_on": midpoint(dates["agreement_in_effect_at"], dates["agreement_planned_end_on"]),
    }
    if is_member:
        steps = ActionStep.objects.of_mentorship(mentorship)
        context["steps"] = steps.aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(done_at__isnull=False)),
            overdue=Count("pk", filter=Q(pk__in=steps.overdue().values("pk"))),
        )
    return context
