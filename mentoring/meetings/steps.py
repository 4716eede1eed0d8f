"""The meetings' steps in Enabling on the pair's page (mentoring/programs/steps.py): meetings
held against the cadence agreed, and the viewer's 3-2-1 reflection on the last one held. They
read what the meetings panel and the agreement panel fetched (`pair_meetings`, the cadence in
`current_versions`), and for members ask one query: whether they reflected. A reflection is
its author's until shared, so only the author sees that step."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from mentoring.agreements.models import AgreementVersion, Frequency
from mentoring.agreements.panels import current_versions
from mentoring.meetings.models import Reflection
from mentoring.meetings.panels import pair_meetings
from mentoring.programs.panels import PairViewer
from mentoring.programs.steps import Step

# The step's label with the cadence agreed; "other" (no regular rhythm) says "as agreed".
ON_CADENCE = {
    Frequency.WEEKLY: _("Meeting weekly as agreed: %(held)s"),
    Frequency.BIWEEKLY: _("Meeting bi-weekly as agreed: %(held)s"),
    Frequency.MONTHLY: _("Meeting monthly as agreed: %(held)s"),
}


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
    count = row["held"]
    held = ngettext("%(count)s meeting held", "%(count)s meetings held", count) % {"count": count}
    agreed = ON_CADENCE.get(frequency) or gettext("Meeting as agreed: %(held)s")
    label = str(agreed) % {"held": held}
    steps = [
        Step(
            label,
            done=on_cadence,
            action=gettext("Schedule your next meeting")
            if row["held"]
            else gettext("Schedule your first meeting"),
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
                gettext("3-2-1 reflection on the last meeting held"),
                done=reflected,
                action=gettext("Write your 3-2-1 reflection on the last meeting"),
                # Nothing to reflect on before a meeting is held.
                url=reverse("meetings:reflection", args=[mentorship.pk, row["last_id"]])
                if row["last_id"]
                else None,
                who=mentorship.role_of(user),
            )
        )
    return steps
