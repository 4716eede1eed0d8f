"""Moving a meeting: either member, calendars updated, the partner told."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from mentoring.meetings.models import Meeting
from tests.factories import MeetingFactory
from tests.helpers import ics_events, local_input, local_moment, meeting_url, schedule_data

# The meetings fixtures (enabling, upcoming, held, committed) are in tests/conftest.py; the
# kick-starter bank is loaded again in case a browser test's flush emptied it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kick_starter_bank")]

OUTSIDERS = ["coordinator", "other_coordinator", "stranger"]


class TestRescheduling:
    @pytest.fixture(autouse=True)
    def site_time_zone(self):
        """A request leaves its person's zone active in this thread: start in the site's."""
        timezone.deactivate()

    def test_the_form_opens_with_the_meeting_as_it_is(self, client_for, upcoming, mentor):
        response = client_for(mentor).get(meeting_url("reschedule", upcoming))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.initial["starts_at"] == timezone.localtime(upcoming.starts_at)
        assert form.initial["place"] == "https://video.example.com/room"
        page = client_for(mentor).get(upcoming.get_absolute_url()).text
        assert meeting_url("reschedule", upcoming) in page

    @pytest.mark.parametrize(("by", "told"), [("mentee", "mentor"), ("mentor", "mentee")])
    def test_either_member_moves_it_calendars_update_and_the_partner_is_told(
        self, request, client_for, upcoming, mailoutbox, committed, by, told
    ):
        person, partner = request.getfixturevalue(by), request.getfixturevalue(told)
        partner.time_zone = "Europe/London"
        partner.save()
        data = schedule_data(place="Room 12", length_minutes=30)
        with committed():
            response = client_for(person).post(meeting_url("reschedule", upcoming), data)
        assert response.status_code == 302
        was = upcoming.starts_at
        upcoming.refresh_from_db()
        assert (
            timezone.localtime(upcoming.starts_at).strftime("%Y-%m-%dT%H:%M")
            == (data["starts_at"])
        )
        assert (upcoming.length_minutes, upcoming.mode, upcoming.place) == (
            30,
            "in_person",
            "Room 12",
        )
        assert upcoming.sequence == 1
        (event,) = ics_events(
            client_for(partner).get(meeting_url("meeting_ics", upcoming)).content
        )
        assert event["SEQUENCE"] == 1
        assert str(event["LOCATION"]) == "Room 12"

        (message,) = mailoutbox
        assert message.to == [partner.email]
        assert f"{person} changed your mentoring meeting" in message.subject
        london = zoneinfo.ZoneInfo("Europe/London")
        assert f"{upcoming.starts_at.astimezone(london):%A, %B %-d, %Y, %-I:%M}" in message.body
        assert f"(it was {was.astimezone(london):%A, %B %-d, %-I:%M}" in message.body
        assert "(the place changed)" in message.body
        assert "video.example.com" not in message.body
        assert meeting_url("meeting_ics", upcoming) in message.body

    def test_saving_it_unchanged_tells_nobody(
        self, client_for, upcoming, mentee, mailoutbox, committed
    ):
        # At 10:00 in a week, as the form shows it (now + 7 days may fall in the hour that
        # happens twice when clocks fall back, which the form refuses).
        data = {
            "starts_at": local_input(7),
            "length_minutes": 60,
            "mode": "video",
            "place": "https://video.example.com/room",
        }
        Meeting.objects.filter(pk=upcoming.pk).update(starts_at=local_moment(7))
        with committed():
            response = client_for(mentee).post(
                meeting_url("reschedule", upcoming), data, follow=True
            )
        assert "Nothing had changed" in response.text
        upcoming.refresh_from_db()
        assert upcoming.sequence == 0
        assert mailoutbox == []

    def test_the_agenda_and_notes_stay_with_it(self, client_for, upcoming, mentee):
        upcoming.agenda, upcoming.notes = "Kept agenda", "Kept notes"
        upcoming.save()
        client_for(mentee).post(meeting_url("reschedule", upcoming), schedule_data())
        upcoming.refresh_from_db()
        assert (upcoming.agenda, upcoming.notes, upcoming.sequence) == (
            "Kept agenda",
            "Kept notes",
            1,
        )

    def test_a_time_in_the_past_is_refused_and_the_input_kept(
        self, client_for, upcoming, mentee, mailoutbox, committed
    ):
        past = local_input(-1)  # yesterday at 10:00
        data = schedule_data(starts_at=past, place="Kept: the board room")
        with committed():
            response = client_for(mentee).post(meeting_url("reschedule", upcoming), data)
        assert response.status_code == 400
        assert "This time has already passed" in response.text
        assert 'value="Kept: the board room"' in response.text
        assert f'value="{past}"' in response.text
        upcoming.refresh_from_db()
        assert (upcoming.sequence, upcoming.place) == (0, "https://video.example.com/room")
        assert mailoutbox == []

    def test_a_meeting_that_did_not_happen_moves_to_a_time_to_come(
        self, client_for, upcoming, mentor
    ):
        Meeting.objects.filter(pk=upcoming.pk).update(
            starts_at=timezone.now() - datetime.timedelta(days=1)
        )
        response = client_for(mentor).post(meeting_url("reschedule", upcoming), schedule_data())
        assert response.status_code == 302
        upcoming.refresh_from_db()
        assert upcoming.starts_at > timezone.now()

    def test_it_cannot_land_on_another_meeting(self, client_for, upcoming, mentee):
        MeetingFactory(mentorship=upcoming.mentorship, starts_at=local_moment(14))
        data = schedule_data(starts_at=local_input(14))
        response = client_for(mentee).post(meeting_url("reschedule", upcoming), data)
        assert response.status_code == 400
        assert "another meeting at this time" in response.text

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"starts_at": ""}, "Choose the date and time."),
            ({"length_minutes": 5}, "A meeting is at least 15 minutes."),
            ({"mode": "carrier pigeon"}, "Select a valid choice."),
        ],
    )
    def test_bad_input_is_explained_beside_the_field(
        self, client_for, upcoming, mentee, changes, message
    ):
        data = schedule_data(**changes)
        response = client_for(mentee).post(meeting_url("reschedule", upcoming), data)
        assert response.status_code == 400
        assert message in response.text

    @pytest.mark.parametrize("status", ["held", "cancelled"])
    def test_a_held_or_cancelled_meeting_stays_as_it_was(
        self, client_for, upcoming, mentee, status
    ):
        Meeting.objects.filter(pk=upcoming.pk).update(status=status)
        client = client_for(mentee)
        response = client.get(meeting_url("reschedule", upcoming), follow=True)
        assert "it can no longer be changed" in response.text
        response = client.post(meeting_url("reschedule", upcoming), schedule_data(), follow=True)
        assert "it can no longer be changed" in response.text
        upcoming.refresh_from_db()
        assert upcoming.sequence == 0
        assert (
            meeting_url("reschedule", upcoming) not in client.get(upcoming.get_absolute_url()).text
        )

    @pytest.mark.parametrize("persona", OUTSIDERS)
    def test_everyone_else_gets_404(self, request, client_for, upcoming, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(meeting_url("reschedule", upcoming)).status_code == 404
        response = client.post(meeting_url("reschedule", upcoming), schedule_data())
        assert response.status_code == 404
        upcoming.refresh_from_db()
        assert upcoming.sequence == 0

    def test_a_closed_pair_is_read_only(self, client_for, upcoming, mentee):
        upcoming.mentorship.close()
        client = client_for(mentee)
        assert client.get(meeting_url("reschedule", upcoming)).status_code == 403
        response = client.post(meeting_url("reschedule", upcoming), schedule_data())
        assert response.status_code == 403
