"""The meetings' steps in Enabling on the pair's page (mentoring/programs/steps.py): meetings
held against the cadence agreed, and the viewer's 3-2-1 reflection on the last one held. They
read what the meetings panel and the agreement panel fetched (`pair_meetings`, the cadence in
`current_versions`), and for members ask one query: whether they reflected. A reflection is
its author's until shared, so only the author sees that step."""

from django.urls import reverse
from django.utils import timezone

from mentoring.agreements.models import AgreementVersion, Frequency
from mentoring.agreements.panels import current_versions
from mentoring.meetings.models import Reflection
from mentoring.meetings.panels import pair_meetings
from mentoring.programs.panels import PairViewer
from mentoring.programs.steps import Step


def meetings_steps(viewer: PairViewer) -> list[Step]:
    mentorship, user = viewer.mentorship, viewer.user
    row = viewer.once(pair_meetings)
    last_at = row["last_held_at"]
    in_effect = viewer.once(current_versions).get(AgreementVersion.Status.IN_EFFECT)
    frequency = in_effect.meeting_frequency if in_effect else ""
    # On cadence while the next meeting the agreement asks for is not yet overdue; with no
    # regular cadence ("other"), once a meeting is held.
    cadence = AgreementVersion(meeting_frequency=frequency)
    due = last_at and cadence.next_meeting_due(timezone.localdate(last_at))
    on_cadence = bool(last_at) and (not due or due >= timezone.localdate())
    held_text = f"{row['held']} meeting{'' if row['held'] == 1 else 's'} held"
    if cadence.meeting_interval_days():
        label = f"Meeting {Frequency(frequency).label.lower()} as agreed: {held_text}"
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
        # Its own query: asked inside the summary's, it doubles the SQL to build.
        reflected = (
            row["last_id"] is not None
            and Reflection.objects.filter(meeting=row["last_id"], author=user.pk).exists()
        )
        steps.append(
            Step(
                "3-2-1 reflection on the last meeting held",
                done=reflected,
                action="Write your 3-2-1 reflection on the last meeting",
                # Nothing to reflect on before a meeting is held.
                url=reverse("meetings:reflection", args=[mentorship.pk, row["last_id"]])
                if row["last_id"]
                else None,
                who=mentorship.role_of(user),
            )
        )
    return steps
