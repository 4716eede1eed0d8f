"""Logging a meeting that already happened: it is held from the start, counts as held for the
pair's status and the dashboard, and is open to each member's 3-2-1 reflection. A time still to
come, or before the mentorship began, is refused by the field."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from mentoring.meetings import services
from mentoring.meetings.models import Meeting
from mentoring.programs.models import Mentorship
from tests.factories import MentorshipFactory
from tests.helpers import as_persona, local_input, local_moment, status_of

pytestmark = pytest.mark.django_db


def log_url(pair):
    return reverse("meetings:log_meeting", args=[pair.pk])


def past_data(**changes) -> dict:
    """What the form posts: a meeting three days ago at 10:00, 45 minutes, in person."""
    data = {
        "starts_at": local_input(-3),
        "length_minutes": 45,
        "mode": "in_person",
        "place": "Café Artigiano on Hornby",
    }
    return data | changes


@pytest.fixture
def met(enabling):
    """The pair in Enabling, matched a month ago: long enough to have met already."""
    Mentorship.objects.filter(pk=enabling.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=30)
    )
    enabling.refresh_from_db()
    return enabling


class TestLogging:
    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    def test_either_member_logs_a_past_meeting_as_held(self, request, met, persona):
        user, client = as_persona(request, persona)
        response = client.post(log_url(met), past_data(), follow=True)
        meeting = Meeting.objects.get()
        assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
        assert meeting.is_held
        assert meeting.status_changed_at is not None
        assert meeting.starts_at == local_moment(-3)
        assert (meeting.length_minutes, meeting.mode) == (45, "in_person")
        assert meeting.place == "Café Artigiano on Hornby"
        assert meeting.scheduled_by == user
        assert "is logged as held. Take a moment for your 3-2-1 reflection." in response.text

    def test_the_reflection_is_offered_and_can_be_written(self, client_for, met, mentee):
        client = client_for(mentee)
        page = client.post(log_url(met), past_data(), follow=True).text
        meeting = Meeting.objects.get()
        reflection = reverse("meetings:reflection", args=[met.pk, meeting.pk])
        assert "Write my 3-2-1 reflection" in page
        assert reflection in page
        assert client.get(reflection).status_code == 200

    def test_it_counts_as_held_for_the_pairs_status(self, client_for, met, mentee):
        client_for(mentee).post(log_url(met), past_data())
        status = status_of(met)
        assert status.meetings_held == 1
        assert status.last_meeting_at == local_moment(-3)
        assert Meeting.objects.for_mentorship(met).summary()["held"] == 1

    def test_the_service_logs_it_held(self, met, mentor):
        meeting = services.log_past_meeting(
            mentorship=met,
            user=mentor,
            starts_at=local_moment(-1),
            length_minutes=30,
            mode="video",
            place="",
        )
        assert meeting.is_held

    def test_the_form_starts_from_the_agreed_length_and_mode_but_no_date(
        self, client_for, met, mentee
    ):
        response = client_for(mentee).get(log_url(met))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.initial["length_minutes"] == 60
        assert "starts_at" not in form.initial
        assert "When did you meet?" in response.text


class TestBadInput:
    def test_a_time_to_come_is_refused_by_the_field_and_the_typing_kept(
        self, client_for, met, mentee
    ):
        response = client_for(mentee).post(log_url(met), past_data(starts_at=local_input(2)))
        assert response.status_code == 400
        message = (
            "This time is still to come: a meeting you log as held has already happened. "
            "Schedule it instead."
        )
        assert response.context["form"].errors["starts_at"] == [message]
        assert escape(message) in response.text
        assert re.search(r'id="error_1_id_starts_at"', response.text)
        assert "Café Artigiano on Hornby" in response.text
        assert not Meeting.objects.exists()

    def test_a_time_before_the_mentorship_is_refused(self, client_for, met, mentee):
        response = client_for(mentee).post(log_url(met), past_data(starts_at=local_input(-40)))
        assert response.status_code == 400
        [error] = response.context["form"].errors["starts_at"]
        assert error.startswith("This is before your mentorship began")
        assert not Meeting.objects.exists()

    def test_the_same_time_twice_is_refused(self, client_for, met, mentee):
        client = client_for(mentee)
        client.post(log_url(met), past_data())
        response = client.post(log_url(met), past_data())
        assert response.status_code == 400
        assert response.context["form"].errors["starts_at"] == [
            "You already have a meeting at this time (sent twice?)."
        ]
        assert Meeting.objects.count() == 1

    @pytest.mark.parametrize("starts_at", ["0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30"])
    def test_edge_dates_are_refused_without_an_error(self, client_for, met, mentee, starts_at):
        mentee.time_zone = "Pacific/Kiritimati"
        mentee.save(update_fields=["time_zone"])
        response = client_for(mentee).post(log_url(met), past_data(starts_at=starts_at))
        assert response.status_code == 400
        assert "starts_at" in response.context["form"].errors

    @pytest.mark.parametrize("length", ["10", "500"])
    def test_a_length_out_of_range_is_refused(self, client_for, met, mentee, length):
        response = client_for(mentee).post(log_url(met), past_data(length_minutes=length))
        assert response.status_code == 400
        assert "length_minutes" in response.context["form"].errors


class TestThePages:
    def test_the_meetings_list_links_it_next_to_scheduling(self, client_for, met, mentee):
        page = client_for(mentee).get(reverse("meetings:meetings", args=[met.pk])).text
        schedule = page.index(reverse("meetings:schedule", args=[met.pk]))
        log = page.index(log_url(met))
        assert 0 < log - schedule < 300
        assert "Log a past meeting" in page

    def test_outside_enabling_it_says_when(self, client_for, mentee, mentor, program):
        preparing = MentorshipFactory(program=program, mentee=mentee, mentor=mentor)
        response = client_for(mentee).post(log_url(preparing), past_data(), follow=True)
        assert "Meetings are logged here in the Enabling phase" in response.text
        assert log_url(preparing) not in response.text
        assert not Meeting.objects.exists()


class TestAccess:
    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_nobody_else_logs_one(self, request, met, persona):
        _, client = as_persona(request, persona)
        assert client.get(log_url(met)).status_code == 404
        assert client.post(log_url(met), past_data()).status_code == 404
        assert not Meeting.objects.exists()

    def test_anonymous_visitors_are_asked_to_sign_in(self, client, met):
        response = client.get(log_url(met))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_a_closed_pair_is_read_only(self, client_for, met, mentee):
        met.close()
        assert client_for(mentee).post(log_url(met), past_data()).status_code == 403
        assert not Meeting.objects.exists()
