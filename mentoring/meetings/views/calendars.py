"""Meetings in people's calendars: one meeting's .ics file, and the private calendar feed."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from mentoring.lib.languages import language_or_sites
from mentoring.meetings import calendar, services
from mentoring.meetings.access import get_feed_owner, get_meeting_for_member
from mentoring.meetings.models import CalendarFeed, Meeting
from mentoring.programs.models import Mentorship

FEED_LIMIT = 100
FEED_URL_KEY = "meetings_new_feed_token"


@login_required
def meeting_ics(request, pk, meeting_id):
    meeting, _ = get_meeting_for_member(request.user, pk, meeting_id)
    content = calendar.calendar([meeting], calendar.summary(meeting))
    local = timezone.localtime(meeting.starts_at)
    filename = f"mentoring-meeting-{slugify(meeting.mentorship.mentee)}-{local:%Y-%m-%d}.ics"
    return calendar.ics_response(content, filename)


@login_required
def calendar_feed_settings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    token = request.session.pop(FEED_URL_KEY, None)
    new_url = None
    if token and feed:
        new_url = request.build_absolute_uri(reverse("meetings:feed", args=[token]))
    return render(request, "meetings/calendar.html", {"feed": feed, "new_url": new_url})


@login_required
@require_POST
def renew_feed(request):
    had_feed = CalendarFeed.objects.filter(user=request.user).exists()
    token = services.renew_calendar_feed(user=request.user)
    # Shown once, on the next page: only its hash is kept.
    request.session[FEED_URL_KEY] = token
    if had_feed:
        messages.success(
            request, gettext("Your new calendar link is ready; the old one no longer works.")
        )
    else:
        messages.success(request, gettext("Your calendar link is ready."))
    return redirect("meetings:calendar")


@login_required
@require_POST
def stop_feed(request):
    if services.stop_calendar_feed(user=request.user):
        messages.success(request, gettext("Your calendar link is turned off; it no longer works."))
    else:
        messages.info(request, gettext("You had no calendar link."))
    return redirect("meetings:calendar")


@require_safe
def feed(request, token):
    """A person's upcoming meetings for their calendar app: no sign-in, the secret suffices."""
    user = get_feed_owner(token)
    # Today's meetings stay in the feed after they start, so calendars keep showing them.
    since = timezone.now() - datetime.timedelta(days=1)
    pairs = Mentorship.objects.open().filter(Q(mentee=user) | Q(mentor=user))
    upcoming = list(
        Meeting.objects.filter(mentorship__in=pairs, starts_at__gte=since)
        .select_related("mentorship__mentee", "mentorship__mentor")
        .order_by("starts_at", "pk")[:FEED_LIMIT]
    )
    # In the owner's language: a calendar app sends no cookie and seldom an Accept-Language.
    with translation.override(language_or_sites(user.language)):
        name = gettext("Mentoring meetings of %(name)s") % {"name": user}
        content = calendar.calendar(upcoming, name)
    response = calendar.ics_response(content, "mentoring-meetings.ics", attachment=False)
    response["Cache-Control"] = "private, no-store"
    return response
