from django.utils import timezone

from accounts.models import User
from mentoring.enabling.models import CheckInAnswer
from mentoring.programs.models import Mentorship


def mark_help_dealt_with(*, mentorship: Mentorship, coordinator: User) -> int:
    """Close the pair's open requests for help; returns how many there were.

    Only the flag changes: the answers that asked for help stay unread by the coordinator.
    """
    return (
        CheckInAnswer.objects.help_wanted()
        .filter(mentorship=mentorship)
        .update(help_resolved_at=timezone.now(), help_resolved_by=coordinator)
    )
