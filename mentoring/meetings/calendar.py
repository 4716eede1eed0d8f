"""Meetings as iCalendar (RFC 5545): one meeting's .ics file and a person's feed.

Times are written in UTC (the trailing Z), so every calendar app shows them in its own zone.
Text people typed (names, places) goes in as icalendar's TEXT values, which escape commas,
semicolons and backslashes, and on one line: a line break saved before names were checked
would otherwise end the property and let the rest of the name add its own.
"""

import datetime

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from mentoring.lib.text import single_line
from mentoring.meetings.models import Meeting

PRODID = "-//Mentoring Toolkit//Meetings//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def text(value: str) -> icalendar.vText:
    return icalendar.vText(single_line(value))


def summary(meeting: Meeting) -> str:
    mentorship = meeting.mentorship
    return gettext("Mentoring meeting: %(mentee)s & %(mentor)s") % {
        "mentee": mentorship.mentee,
        "mentor": mentorship.mentor,
    }


def event(meeting: Meeting) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", f"meeting-{meeting.uid}")
    item.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    item.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    item.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    item.add("summary", text(summary(meeting)))
    item.add("sequence", meeting.sequence)
    if meeting.place:
        item.add("location", text(meeting.place))
    link = settings.SITE_URL + meeting.get_absolute_url()
    description = gettext("%(mode)s. Agenda and notes: %(link)s")
    item.add("description", description % {"mode": meeting.get_mode_display(), "link": link})
    item.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return item


def calendar(meetings, name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # An X- property is not known to be TEXT, so icalendar would write it unescaped.
    cal.add("x-wr-calname", text(name))
    for meeting in meetings:
        cal.add_component(event(meeting))
    return cal.to_ical()


def ics_response(content: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
