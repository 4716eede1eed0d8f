"""Meeting times in each person's time zone: the profile's zone, what is shown, what is stored."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.forms import ProfileForm
from mentoring.meetings.models import Meeting
from tests.helpers import ics_events, meeting_url, meetings_url, next_january_15, schedule_data

# The meetings fixtures (enabling, upcoming, held, committed) are in tests/conftest.py; the
# kick-starter bank is loaded again in case a browser test's flush emptied it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kick_starter_bank")]


class TestTimeZones:
    def test_people_start_in_the_sites_time_zone_and_choose_theirs_on_the_profile(
        self, client_for, mentee
    ):
        assert mentee.time_zone == "America/Vancouver" == settings.TIME_ZONE
        form = ProfileForm(instance=mentee)
        names = [name for name, _ in form.fields["time_zone"].choices]
        assert names == sorted(zoneinfo.available_timezones())
        data = {
            "full_name": mentee.full_name,
            "mentee_capacity": 1,
            "time_zone": "America/Toronto",
        }
        response = client_for(mentee).post(reverse("accounts:profile"), data)
        assert response.status_code == 302
        mentee.refresh_from_db()
        assert mentee.time_zone == "America/Toronto"

    def test_an_unknown_time_zone_is_refused(self, client_for, mentee):
        data = {"full_name": mentee.full_name, "mentee_capacity": 1, "time_zone": "Mars/Olympus"}
        response = client_for(mentee).post(reverse("accounts:profile"), data)
        assert "Select a valid choice" in response.text
        mentee.refresh_from_db()
        assert mentee.time_zone == "America/Vancouver"

    def test_a_vancouver_time_shows_back_the_same_wall_time_and_utc_in_the_ics(
        self, client_for, enabling, mentee, mentor
    ):
        day = next_january_15()
        response = client_for(mentee).post(
            meetings_url("schedule", enabling.pk), schedule_data(starts_at=f"{day}T10:00")
        )
        meeting = Meeting.objects.get()
        assert response.url == meeting.get_absolute_url()
        assert meeting.starts_at == datetime.datetime(day.year, 1, 15, 18, 0, tzinfo=datetime.UTC)
        page = client_for(mentee).get(meeting.get_absolute_url()).text
        assert f"January 15, {day.year}, 10:00 a.m." in page
        assert "10:00 a.m.–10:45 a.m. PST" in page
        (event,) = ics_events(client_for(mentee).get(meeting_url("meeting_ics", meeting)).content)
        assert event.to_ical().decode().count(f"DTSTART:{day:%Y%m%d}T180000Z") == 1
        assert f"DTEND:{day:%Y%m%d}T184500Z" in event.to_ical().decode()

    def test_a_viewer_in_toronto_sees_the_converted_wall_time(
        self, client_for, enabling, mentee, mentor
    ):
        day = next_january_15()
        client_for(mentee).post(
            meetings_url("schedule", enabling.pk), schedule_data(starts_at=f"{day}T10:00")
        )
        mentor.time_zone = "America/Toronto"
        mentor.save(update_fields=["time_zone"])
        page = client_for(mentor).get(Meeting.objects.get().get_absolute_url()).text
        assert "1:00 p.m.–1:45 p.m. EST" in page

    # Frozen: Django shows no zone abbreviation for a wall time that happens twice, and a
    # week from now may be 1:30 on the night clocks fall back.
    @pytest.mark.usefixtures("frozen_clock")
    def test_a_zone_the_tz_database_no_longer_knows_falls_back_to_the_sites(
        self, client_for, upcoming, mentee
    ):
        type(mentee).objects.filter(pk=mentee.pk).update(time_zone="Mars/Olympus")
        response = client_for(mentee).get(upcoming.get_absolute_url())
        assert response.status_code == 200
        assert timezone.localtime(upcoming.starts_at).strftime("%Z") in response.text

    def test_a_profile_posted_without_a_zone_keeps_the_persons_zone(self, client_for, mentee):
        type(mentee).objects.filter(pk=mentee.pk).update(time_zone="Europe/Paris")
        data = {"full_name": mentee.full_name, "mentee_capacity": 1}
        assert client_for(mentee).post(reverse("accounts:profile"), data).status_code == 302
        mentee.refresh_from_db()
        assert mentee.time_zone == "Europe/Paris"

    def test_a_time_is_read_in_the_zone_of_the_person_who_enters_it(
        self, client_for, enabling, mentor
    ):
        mentor.time_zone = "America/Toronto"
        mentor.save(update_fields=["time_zone"])
        day = next_january_15()
        client_for(mentor).post(
            meetings_url("schedule", enabling.pk), schedule_data(starts_at=f"{day}T13:00")
        )
        assert Meeting.objects.get().starts_at.astimezone(datetime.UTC).hour == 18

    def test_a_time_that_does_not_exist_in_the_zone_is_explained(
        self, client_for, enabling, mentee
    ):
        # Clocks jump from 2:00 to 3:00 on the second Sunday of March in Vancouver.
        year = timezone.localdate().year + 1
        march = datetime.date(year, 3, 1)
        second_sunday = march + datetime.timedelta(days=(6 - march.weekday()) % 7 + 7)
        response = client_for(mentee).post(
            meetings_url("schedule", enabling.pk),
            schedule_data(starts_at=f"{second_sunday}T02:30"),
        )
        assert response.status_code == 200
        assert "may be ambiguous or it may not exist" in response.text
        assert not Meeting.objects.exists()
