"""Calendars: a meeting's ICS file and each person's secret feed of upcoming meetings."""

import datetime

import pytest

from mentoring.meetings import services
from mentoring.meetings.models import CalendarFeed
from tests.factories import MeetingFactory, MentorshipFactory
from tests.helpers import ics_events, meeting_url, meetings_url

# The meetings fixtures (enabling, upcoming, held, committed) are in tests/conftest.py; the
# kick-starter bank is loaded again in case a browser test's flush emptied it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kick_starter_bank")]


class TestCalendar:
    def test_a_meeting_downloads_as_an_ics_file(self, client_for, upcoming, mentee):
        response = client_for(mentee).get(meeting_url("meeting_ics", upcoming))
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        (event,) = ics_events(response.content)
        pair = upcoming.mentorship
        assert str(event["SUMMARY"]) == f"Mentoring meeting: {pair.mentee} & {pair.mentor}"
        assert str(event["LOCATION"]) == "https://video.example.com/room"
        assert event.decoded("DTSTART") == upcoming.starts_at.replace(microsecond=0)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=1)
        assert str(event["STATUS"]) == "CONFIRMED"
        again = ics_events(client_for(mentee).get(meeting_url("meeting_ics", upcoming)).content)
        assert str(again[0]["UID"]) == str(event["UID"]) == f"meeting-{upcoming.uid}"

    def test_a_cancelled_meeting_says_so_in_the_calendar(self, client_for, upcoming, mentee):
        services.cancel(meeting=upcoming, user=mentee)
        (event,) = ics_events(client_for(mentee).get(meeting_url("meeting_ics", upcoming)).content)
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1

    def test_the_feed_link_is_shown_once_and_lists_upcoming_meetings_of_every_pair(
        self, client, client_for, upcoming, mentor, mentee
    ):
        other_pair = MentorshipFactory(mentor=mentor, phase="enabling")
        theirs = MeetingFactory(mentorship=other_pair)
        MeetingFactory(mentorship=upcoming.mentorship, held=True)
        closed = MeetingFactory(mentorship=MentorshipFactory(mentor=mentor))
        closed.mentorship.close()
        MeetingFactory()  # someone else's
        signed_in = client_for(mentor)
        signed_in.post(meetings_url("renew_feed"))
        page = signed_in.get(meetings_url("calendar"))
        feed_url = page.context["new_url"]
        assert feed_url in page.text
        assert signed_in.get(meetings_url("calendar")).context["new_url"] is None
        signed_in.logout()
        response = client.get(feed_url)
        assert response.status_code == 200
        uids = {str(event["UID"]) for event in ics_events(response.content)}
        assert uids == {f"meeting-{upcoming.uid}", f"meeting-{theirs.uid}"}

    def test_a_wrong_renewed_or_stopped_token_is_404(self, client, mentor, upcoming):
        token = services.renew_calendar_feed(user=mentor)
        assert client.get(meetings_url("feed", token)).status_code == 200
        assert client.get(meetings_url("feed", token + "x")).status_code == 404
        assert client.get(meetings_url("feed", "not-a-token")).status_code == 404
        new_token = services.renew_calendar_feed(user=mentor)
        assert client.get(meetings_url("feed", token)).status_code == 404
        assert client.get(meetings_url("feed", new_token)).status_code == 200
        services.stop_calendar_feed(user=mentor)
        assert client.get(meetings_url("feed", new_token)).status_code == 404

    def test_only_a_hash_of_the_token_is_stored(self, mentor):
        token = services.renew_calendar_feed(user=mentor)
        stored = CalendarFeed.objects.get(user=mentor).token_hash
        assert token not in stored
        assert len(stored) == 64

    def test_renewing_and_stopping_are_explained(self, client_for, mentor):
        client = client_for(mentor)
        assert (
            "calendar link is ready" in client.post(meetings_url("renew_feed"), follow=True).text
        )
        response = client.post(meetings_url("renew_feed"), follow=True)
        assert "the old one no longer works" in response.text
        assert "turned off" in client.post(meetings_url("stop_feed"), follow=True).text
        assert (
            "You had no calendar link" in client.post(meetings_url("stop_feed"), follow=True).text
        )


def test_the_feed_is_in_its_owners_language_whoever_asks(client, mentor, upcoming):
    """A calendar app sends no language cookie: the feed speaks its owner's language."""
    type(mentor).objects.filter(pk=mentor.pk).update(language="fr-ca")
    token = services.renew_calendar_feed(user=mentor)
    feed = client.get(meetings_url("feed", token), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "X-WR-CALNAME:Rencontres de mentorat\u00a0:" in feed.replace("\r\n ", "")
