"""What the meetings' services and views both say, in the reader's language (issue 16)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.meetings.models import Meeting

READ_ONLY = _("This mentorship has ended; its meetings are read-only.")
MENTEE_PREPARES = _("The mentee prepares the agenda; you can read it.")
SCHEDULED_IN_ENABLING = _(
    "Meetings are scheduled here in the Enabling phase, once your agreement is signed."
)
LOGGED_IN_ENABLING = _(
    "Meetings are logged here in the Enabling phase, once your agreement is signed."
)
NOTHING_CHANGED = _("Nothing had changed, so there was nothing to save.")


def status_word(status: str) -> str:
    """A meeting's status inside a sentence ("held"): its label, lowercased."""
    return str(Meeting.Status(status).label).lower()


def no_longer_changed(meeting: Meeting) -> str:
    return gettext(
        "This meeting is %(status)s: it can no longer be changed. Schedule a new one instead."
    ) % {"status": status_word(meeting.status)}


def not_held_yet(meeting: Meeting) -> str:
    return gettext(
        "A 3-2-1 reflection follows a meeting you have held; this one is %(status)s."
    ) % {"status": status_word(meeting.status)}


def agenda_final(meeting: Meeting) -> str:
    return gettext("This meeting is %(status)s: its agenda is final.") % {
        "status": status_word(meeting.status)
    }


def already_marked(status: str) -> str:
    return gettext("This meeting is already marked %(status)s.") % {"status": status_word(status)}


def cannot_mark(meeting: Meeting, status: str) -> str:
    return gettext("This meeting is %(status)s; it cannot be marked %(new)s now.") % {
        "status": status_word(meeting.status),
        "new": status_word(status),
    }
