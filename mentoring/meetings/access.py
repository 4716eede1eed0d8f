"""Who may see and change meetings, agendas, notes, reflections and feeds: the one place views ask.

Meetings are the pair's own: their mentee and mentor read them, and change them while the
mentorship is open (read-only users get 403). For coordinators and anyone else every meeting
page is a 404; coordinators see counts and dates on the pair's page only. A reflection is
reachable by its author, and by the partner once shared; to anyone else it does not exist.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from mentoring.meetings.models import CalendarFeed, Meeting, Reflection, hash_feed_token
from mentoring.meetings.wording import MENTEE_PREPARES, READ_ONLY
from mentoring.programs.access import get_mentorship_for_member
from mentoring.programs.models import Participant


def get_meeting_for_member(user, pk, meeting_id) -> tuple[Meeting, bool]:
    """One of the pair's meetings, and whether the user may change it."""
    mentorship, can_edit = get_mentorship_for_member(user, pk)
    meeting = get_object_or_404(Meeting, mentorship=mentorship, pk=meeting_id)
    meeting.mentorship = mentorship
    return meeting, can_edit


def get_rw_meeting_for_member(user, pk, meeting_id) -> Meeting:
    meeting, can_edit = get_meeting_for_member(user, pk, meeting_id)
    if not can_edit:
        raise PermissionDenied(str(READ_ONLY))
    return meeting


def get_agenda_meeting_for_mentee(user, pk, meeting_id) -> Meeting:
    """A meeting whose agenda the user may change: the mentee's, in an open mentorship."""
    meeting = get_rw_meeting_for_member(user, pk, meeting_id)
    if meeting.mentorship.role_of(user) != Participant.Role.MENTEE:
        raise PermissionDenied(str(MENTEE_PREPARES))
    return meeting


def get_own_reflection(user, meeting: Meeting) -> Reflection | None:
    return Reflection.objects.filter(meeting=meeting, author=user).first()


def get_partner_reflection(user, meeting: Meeting) -> Reflection | None:
    """The partner's reflection on this meeting if they shared it with the user."""
    partner = meeting.mentorship.partner_of(user)
    return Reflection.objects.shared().filter(meeting=meeting, author=partner).first()


def get_feed_owner(token: str) -> User:
    """The person whose calendar feed this secret opens; 404 for a wrong or revoked one.

    Only the token's SHA-256 is stored and looked up, so the lookup's timing says nothing
    about the secret itself.
    """
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token_hash=hash_feed_token(token)
    )
    if not feed.user.is_active:
        raise Http404("No calendar here.")
    return feed.user
