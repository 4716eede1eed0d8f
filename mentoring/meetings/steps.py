"""The meetings' steps in Enabling on the pair's page (mentoring/programs/steps.py): meetings
held against the cadence agreed, and the viewer's 3-2-1 reflection on the last one held. One
query. A reflection is its author's until shared, so only the author sees that step."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from mentoring.agreements.models import AgreementVersion, Frequency
from mentoring.meetings.models import Meeting, Reflection
from mentoring.programs.models import Mentorship
from mentoring.programs.panels import PairViewer
from mentoring.programs.steps import Step


def meetings_steps(viewer: PairViewer) -> list[Step]:
    mentorship, user = viewer.mentorship, viewer.user
    held = Meeting.objects.filter(mentorship=OuterRef("pk")).held()
    last = held.order_by("-starts_at", "-pk")
    count = held.order_by().values("mentorship").annotate(n=Count("pk")).values("n")
    in_effect = AgreementVersion.objects.for_mentorship(OuterRef("pk")).in_effect()
    row = (
        Mentorship.objects.filter(pk=mentorship.pk)
        .annotate(
            held=Coalesce(Subquery(count, output_field=IntegerField()), 0),
            last_id=Subquery(last.values("pk")[:1]),
            last_at=Subquery(last.values("starts_at")[:1]),
            frequency=Subquery(in_effect.values("meeting_frequency")[:1]),
            reflected=Exists(
                Reflection.objects.filter(meeting=OuterRef("last_id"), author=user.pk)
            ),
        )
        .values("held", "last_id", "last_at", "frequency", "reflected")
        .get()
    )
    # On cadence while the next meeting the agreement asks for is not yet overdue; with no
    # regular cadence ("other"), once a meeting is held.
    cadence = AgreementVersion(meeting_frequency=row["frequency"] or "")
    due = row["last_at"] and cadence.next_meeting_due(timezone.localdate(row["last_at"]))
    on_cadence = bool(row["last_at"]) and (not due or due >= timezone.localdate())
    held_text = f"{row['held']} meeting{'' if row['held'] == 1 else 's'} held"
    if cadence.meeting_interval_days():
        label = f"Meeting {Frequency(row['frequency']).label.lower()} as agreed: {held_text}"
    else:
        label = f"Meeting as agreed: {held_text}"
    steps = [
        Step(
            label,
            done=on_cadence,
            action="Schedule your next meeting" if row["held"] else "Schedule your first meeting",
            url=reverse("meetings:meetings", args=[mentorship.pk]),
        )
    ]
    if viewer.is_member:
        steps.append(
            Step(
                "3-2-1 reflection on the last meeting held",
                done=row["reflected"],
                action="Write your 3-2-1 reflection on the last meeting",
                # Nothing to reflect on before a meeting is held.
                url=reverse("meetings:reflection", args=[mentorship.pk, row["last_id"]])
                if row["last_id"]
                else None,
                who=mentorship.role_of(user),
            )
        )
    return steps
