"""The Enabling part of the pair's page (mentoring/programs/panels.py): the action plan's
progress for members, and for everyone the check-in's status and whether the pair asked for
help, never a step or an answer. One query, and one more for members."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from mentoring.agreements.models import AgreementVersion
from mentoring.enabling.models import (
    ActionStep,
    CheckInAnswer,
    check_in_status,
    midpoint,
    with_check_in_dates,
)
from mentoring.programs.models import Mentorship
from mentoring.programs.panels import PairViewer, Panel


def enabling(viewer: PairViewer) -> Panel | None:
    mentorship, is_member = viewer.mentorship, viewer.is_member
    answers = CheckInAnswer.objects.filter(mentorship=OuterRef("pk"))
    answered = answers.order_by().values("mentorship").annotate(n=Count("pk")).values("n")
    row = (
        with_check_in_dates(Mentorship.objects.filter(pk=mentorship.pk))
        .annotate(
            has_agreement=Exists(
                AgreementVersion.objects.for_mentorship(OuterRef("pk")).in_effect()
            ),
            answered=Coalesce(Subquery(answered, output_field=IntegerField()), 0),
            needs_help=Exists(answers.help_wanted()),
        )
        .values(
            "agreement_in_effect_at",
            "agreement_planned_end_on",
            "has_agreement",
            "answered",
            "needs_help",
        )
        .get()
    )
    if not row["has_agreement"]:
        return None
    context = {
        "mentorship": mentorship,
        "is_member": is_member,
        "can_edit": viewer.can_edit,
        "status": check_in_status(row["answered"]),
        "needs_help": row["needs_help"],
        "due_on": midpoint(row["agreement_in_effect_at"], row["agreement_planned_end_on"]),
    }
    if is_member:
        steps = ActionStep.objects.of_mentorship(mentorship)
        context["steps"] = steps.aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(done_at__isnull=False)),
            overdue=Count("pk", filter=Q(pk__in=steps.overdue().values("pk"))),
        )
    return Panel("enabling/includes/panel.html", context)
