"""Meetings: scheduling one, a pair's list of meetings, the meetings panel on the pair page,
and the querysets other phases read."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.meetings import services
from mentoring.meetings.models import AgendaQuestion, KickStarterQuestion, Meeting, Reflection
from tests.factories import MeetingFactory, ReflectionFactory
from tests.helpers import local_input, meeting_url, meetings_url, schedule_data

# The meetings fixtures (enabling, upcoming, held, committed) are in tests/conftest.py; the
# kick-starter bank is loaded again in case a browser test's flush emptied it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kick_starter_bank")]


class TestScheduling:
    def test_the_form_starts_from_the_agreed_cadence(self, client_for, enabling, mentee):
        response = client_for(mentee).get(meetings_url("schedule", enabling.pk))
        form = response.context["form"]
        assert form.initial == {
            "length_minutes": 60,
            "mode": "video",
            "place": "The team's usual video room",
        }
        assert "come from the cadence in your agreement" in response.text

    def test_the_next_date_follows_the_agreed_rhythm(self, client_for, enabling, mentee):
        last = MeetingFactory(
            mentorship=enabling, starts_at=timezone.now() + datetime.timedelta(1)
        )
        response = client_for(mentee).get(meetings_url("schedule", enabling.pk))
        assert response.context["form"].initial["starts_at"] == timezone.localtime(
            last.starts_at + datetime.timedelta(days=14)
        )

    def test_either_member_schedules_and_the_owner_is_set_by_the_view(
        self, client_for, enabling, mentor, mentee
    ):
        data = schedule_data(scheduled_by=mentee.pk, mentorship=999)
        response = client_for(mentor).post(
            meetings_url("schedule", enabling.pk), data, follow=True
        )
        meeting = Meeting.objects.get()
        assert (meeting.mentorship, meeting.scheduled_by) == (enabling, mentor)
        assert (meeting.length_minutes, meeting.mode) == (45, "in_person")
        assert meeting.place == "Room 4B, Vancouver General"
        assert "is scheduled" in response.text

    def test_the_partner_is_told_by_email_in_their_time_zone(
        self, client_for, enabling, mentor, mentee, mailoutbox, committed
    ):
        mentee.time_zone = "Asia/Tokyo"
        mentee.save()
        with committed():
            client_for(mentor).post(meetings_url("schedule", enabling.pk), schedule_data())
        meeting = Meeting.objects.get()
        (message,) = mailoutbox
        assert message.to == [mentee.email]
        assert f"{mentor} scheduled a mentoring meeting" in message.subject
        tokyo = meeting.starts_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
        assert f"{tokyo:%A, %B %-d, %Y, %-I:%M}" in message.body
        assert "(Asia/Tokyo), 45 minutes" in message.body
        assert meeting_url("meeting_ics", meeting) in message.body

    def test_a_partner_zone_the_tz_database_no_longer_knows_falls_back_to_the_sites(
        self, client_for, enabling, mentor, mentee, mailoutbox, committed
    ):
        type(mentee).objects.filter(pk=mentee.pk).update(time_zone="Mars/Olympus_Mons")
        with committed():
            response = client_for(mentor).post(
                meetings_url("schedule", enabling.pk), schedule_data()
            )
        assert response.status_code == 302
        (message,) = mailoutbox
        assert f"({timezone.get_default_timezone_name()}), 45 minutes" in message.body

    def test_a_time_in_the_past_is_refused_and_the_input_kept(self, client_for, enabling, mentee):
        past = local_input(-1)  # yesterday at 10:00
        data = schedule_data(starts_at=past, place="Kept: the board room")
        response = client_for(mentee).post(meetings_url("schedule", enabling.pk), data)
        assert response.status_code == 200
        assert "This time has already passed" in response.text
        assert 'value="Kept: the board room"' in response.text
        assert f'value="{past}"' in response.text
        assert not Meeting.objects.exists()

    def test_a_double_submit_schedules_one_meeting(self, client_for, enabling, mentee):
        client = client_for(mentee)
        data = schedule_data()
        client.post(meetings_url("schedule", enabling.pk), data)
        response = client.post(meetings_url("schedule", enabling.pk), data)
        assert response.status_code == 200
        assert "You already have a meeting at this time" in response.text
        assert Meeting.objects.count() == 1

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"starts_at": ""}, "Choose the date and time."),
            ({"starts_at": "next tuesday"}, "Enter a valid date/time."),
            ({"length_minutes": 5}, "A meeting is at least 15 minutes."),
            ({"length_minutes": 600}, "A meeting is at most 240 minutes"),
            ({"mode": "carrier pigeon"}, "Select a valid choice."),
            ({"place": "x" * 301}, "at most 300 characters"),
        ],
    )
    def test_bad_input_is_explained_beside_the_field(
        self, client_for, enabling, mentee, changes, message
    ):
        response = client_for(mentee).post(
            meetings_url("schedule", enabling.pk), schedule_data(**changes)
        )
        assert response.status_code == 200
        assert message in response.text
        assert not Meeting.objects.exists()

    def test_meetings_wait_for_the_enabling_phase(self, client_for, pair, mentee):
        response = client_for(mentee).get(meetings_url("schedule", pair.pk), follow=True)
        assert "in the Enabling phase" in response.text
        client_for(mentee).post(meetings_url("schedule", pair.pk), schedule_data())
        assert not Meeting.objects.exists()
        with pytest.raises(services.MeetingError, match="Enabling phase"):
            services.schedule_meeting(
                mentorship=pair,
                user=mentee,
                starts_at=timezone.now() + datetime.timedelta(days=1),
                length_minutes=60,
                mode="phone",
                place="",
            )

    def test_a_closed_pair_is_read_only(self, client_for, enabling, mentee):
        enabling.close()
        assert client_for(mentee).get(meetings_url("schedule", enabling.pk)).status_code == 403
        response = client_for(mentee).post(meetings_url("schedule", enabling.pk), schedule_data())
        assert response.status_code == 403
        assert not Meeting.objects.exists()


class TestMeetingsList:
    def test_upcoming_meetings_come_first_soonest_first_then_past_latest_first(
        self, client_for, enabling, mentee
    ):
        now = timezone.now()
        days = [-20, 10, -3, 2]
        for offset in days:
            MeetingFactory(mentorship=enabling, starts_at=now + datetime.timedelta(days=offset))
        response = client_for(mentee).get(meetings_url("meetings", enabling.pk))
        order = [(m.starts_at - now).days for m in response.context["page"]]
        assert order == [2, 10, -3, -20]
        text = response.text
        assert text.index("Upcoming meetings") < text.index("Past meetings")

    def test_it_is_paginated(self, client_for, enabling, mentee):
        MeetingFactory.create_batch(12, mentorship=enabling)
        client = client_for(mentee)
        assert len(client.get(meetings_url("meetings", enabling.pk)).context["page"]) == 10
        assert (
            len(client.get(meetings_url("meetings", enabling.pk), {"page": 2}).context["page"])
            == 2
        )
        assert client.get(meetings_url("meetings", enabling.pk), {"page": "x"}).status_code == 200

    @pytest.mark.parametrize("meetings", [3, 30])
    def test_its_query_count_does_not_grow_with_meetings(
        self, client_for, enabling, mentee, meetings, django_assert_max_num_queries
    ):
        for meeting in MeetingFactory.create_batch(meetings, mentorship=enabling):
            AgendaQuestion.objects.create(
                meeting=meeting, question=KickStarterQuestion.objects.first(), position=1
            )
        client = client_for(mentee)
        # session + user, the mentorship with its people, the count, the page of meetings
        # with their agenda counts
        with django_assert_max_num_queries(5):
            response = client.get(meetings_url("meetings", enabling.pk))
        assert response.status_code == 200


class TestMentorshipPanel:
    def test_members_see_counts_and_the_way_to_their_meetings(self, client_for, held, mentee):
        MeetingFactory(mentorship=held.mentorship)
        page = client_for(mentee).get(held.mentorship.get_absolute_url()).text
        assert "1 held, 1 planned" in page
        assert meetings_url("meetings", held.mentorship_id) in page

    def test_it_waits_for_the_enabling_phase(self, client_for, pair, mentee):
        page = client_for(mentee).get(pair.get_absolute_url()).text
        assert 'id="meetings-panel"' not in page

    @pytest.mark.parametrize("meetings", [2, 20])
    @pytest.mark.parametrize("persona", ["mentee", "coordinator"])
    def test_its_query_count_does_not_grow(self, request, client_for, enabling, meetings, persona):
        MeetingFactory.create_batch(meetings // 2, mentorship=enabling)
        MeetingFactory.create_batch(meetings // 2, mentorship=enabling, held=True)
        client = client_for(request.getfixturevalue(persona))
        # Other phases' panels share the page: count this panel's queries on its own table.
        with CaptureQueriesContext(connection) as captured:
            response = client.get(enabling.get_absolute_url())
        assert response.status_code == 200
        ours = [q for q in captured.captured_queries if "meetings_" in q["sql"]]
        # The meetings panel and the phase's steps (meetings held, the last one) share one
        # aggregate query, whatever the number of meetings; a member's step asks whether they
        # wrote a 3-2-1 on the last one.
        assert len(ours) == (2 if persona == "mentee" else 1), [q["sql"][:150] for q in ours]


class TestPublicHelpers:
    def test_summary_counts_held_and_planned_with_last_and_next(self, enabling):
        now = timezone.now()
        MeetingFactory(mentorship=enabling, held=True, starts_at=now - datetime.timedelta(9))
        last = MeetingFactory(mentorship=enabling, held=True)
        soon = MeetingFactory(mentorship=enabling, starts_at=now + datetime.timedelta(days=2))
        MeetingFactory(mentorship=enabling, starts_at=now + datetime.timedelta(days=20))
        MeetingFactory(mentorship=enabling, status="cancelled")
        MeetingFactory(held=True)  # another pair
        summary = Meeting.objects.for_mentorship(enabling).summary()
        assert summary == {
            "held": 2,
            "planned": 2,
            "last_held_at": last.starts_at,
            "next_at": soon.starts_at,
        }

    def test_summaries_give_each_pair_its_summary_in_one_query(
        self, enabling, django_assert_num_queries
    ):
        other = MeetingFactory(held=True)
        MeetingFactory(mentorship=enabling)
        with django_assert_num_queries(1):
            summaries = Meeting.objects.summaries()
        assert summaries[enabling.pk]["planned"] == 1
        assert summaries[other.mentorship_id]["held"] == 1

    def test_shared_in_gives_the_pairs_shared_reflections_only(self, held, mentee, mentor):
        shared = ReflectionFactory(meeting=held, author=mentee, shared_at=timezone.now())
        ReflectionFactory(meeting=held, author=mentor)
        ReflectionFactory(shared_at=timezone.now())  # another pair's
        assert list(Reflection.objects.shared_in(held.mentorship)) == [shared]
