"""A mentor pauses new requests (with or without a return date) and changes their capacity on
their profile (accounts/availability.py, preparation's `apply_mentor_availability`); paused
or full mentors leave the directory and the suggestions (`available_mentors`)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentoring.enrolment import join_links
from mentoring.enrolment.matching import suggest_mentors
from mentoring.preparation import services
from mentoring.preparation.models import MentorRequest, available_mentors
from mentoring.programs.models import Participant
from tests.factories import (
    MentorFactory,
    MentorRequestFactory,
    MentorshipFactory,
    ParticipantFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PROFILE = reverse("accounts:profile")


def today() -> datetime.date:
    return timezone.localdate()


def profile_data(user, **changes) -> dict:
    """The profile form as the person sees it, with changes."""
    data = {
        "full_name": user.full_name,
        "job_title": user.job_title,
        "department": user.department,
        "bio": user.bio,
        "expertise": user.expertise,
        "growth_areas": user.growth_areas,
        "mentee_capacity": str(user.mentee_capacity),
        "time_zone": user.time_zone,
    }
    if user.open_to_mentoring:
        data["open_to_mentoring"] = "on"
    return data | changes


def pause(user, back_on: datetime.date | None = None) -> None:
    user.requests_paused, user.requests_back_on = True, back_on
    user.save(update_fields=["requests_paused", "requests_back_on"])


@pytest.fixture
def enrolled(program, mentee, mentor):
    """The mentee and the mentor in the program, not yet a pair."""
    ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
    ParticipantFactory(program=program, user=mentor, role=Participant.Role.MENTOR)
    return program


class TestTheRule:
    def test_a_pause_without_a_date_lasts_until_resumed(self, mentor):
        pause(mentor)
        assert not mentor.is_taking_requests
        assert mentor.requests_paused_on(today() + 365 * DAY)
        assert not User.objects.taking_requests().filter(pk=mentor.pk).exists()

    def test_a_pause_with_a_return_date_ends_by_itself_on_that_day(self, frozen_clock, mentor):
        back_on = today() + 3 * DAY
        pause(mentor, back_on)
        assert mentor.requests_paused_on(back_on - DAY)
        assert not mentor.requests_paused_on(back_on)
        assert not User.objects.taking_requests().filter(pk=mentor.pk).exists()
        assert User.objects.taking_requests(back_on).filter(pk=mentor.pk).exists()
        frozen_clock.shift(3 * DAY)
        mentor.refresh_from_db()
        assert mentor.is_taking_requests
        assert User.objects.taking_requests().filter(pk=mentor.pk).exists()

    def test_someone_not_open_to_mentoring_takes_no_requests(self, mentee):
        assert not mentee.is_taking_requests
        assert not User.objects.taking_requests().filter(pk=mentee.pk).exists()


class TestPausedAndFullMentorsAreNotOffered:
    def test_they_leave_the_available_mentors(self, enrolled, mentor):
        full = MentorFactory(mentee_capacity=1)
        MentorshipFactory(program=enrolled, mentor=full)
        assert set(available_mentors(enrolled)) == {mentor}
        pause(mentor, today() + 10 * DAY)
        assert list(available_mentors(enrolled)) == []

    def test_the_directory_leaves_out_a_paused_mentor(self, client_for, enrolled, mentee, mentor):
        url = reverse("preparation:mentor_directory", args=[enrolled.pk])
        assert mentor in client_for(mentee).get(url).context["page"]
        pause(mentor)
        assert mentor not in client_for(mentee).get(url).context["page"]

    def test_suggestions_leave_out_a_paused_mentor(self, enrolled, mentee, mentor):
        assert mentor in [s.mentor for s in suggest_mentors(program=enrolled, mentee=mentee)]
        pause(mentor)
        assert suggest_mentors(program=enrolled, mentee=mentee) == []

    def test_a_mentee_is_told_why_they_cannot_ask(self, client_for, enrolled, mentee, mentor):
        pause(mentor, datetime.date(2099, 1, 15))
        url = reverse("preparation:candidate", args=[enrolled.pk, mentor.pk])
        text = client_for(mentee).get(url).text
        assert "has paused new requests until January 15, 2099." in text
        ask = reverse("preparation:ask_mentor", args=[enrolled.pk, mentor.pk])
        response = client_for(mentee).post(
            ask,
            {"why_this_mentor": "x", "hoped_outcome": "y", "meeting_frequency": "Monthly"},
        )
        assert "has paused new requests" in response.text
        assert not MentorRequest.objects.exists()


class TestPausingOnTheProfile:
    def test_it_declines_waiting_requests_kindly(self, client_for, committed, enrolled, mentor):
        waiting = MentorRequestFactory(program=enrolled, mentor=mentor)
        others = MentorRequestFactory(program=enrolled)
        back_on = today() + 14 * DAY
        with committed():
            response = client_for(mentor).post(
                PROFILE,
                profile_data(mentor, requests_paused="on", requests_back_on=back_on.isoformat()),
                follow=True,
            )
        assert "Your profile is saved." in response.text
        assert "We declined the 1 request waiting for your answer, kindly" in response.text
        waiting.refresh_from_db()
        others.refresh_from_db()
        assert waiting.status == MentorRequest.Status.DECLINED
        assert waiting.responded_at is not None
        assert others.status == MentorRequest.Status.PENDING
        mentor.refresh_from_db()
        assert mentor.requests_paused and mentor.requests_back_on == back_on
        [email] = mail.outbox
        assert email.to == [waiting.mentee.email]
        assert "paused new mentoring requests" in email.body
        assert "not about you" in email.body
        assert f"{back_on:%B} {back_on.day}, {back_on.year}" in email.body
        assert reverse("preparation:mentor_directory", args=[enrolled.pk]) in email.body

    def test_requests_awaiting_approval_stay_with_the_coordinators(
        self, client_for, enrolled, mentor
    ):
        awaiting = MentorRequestFactory(
            program=enrolled, mentor=mentor, status=MentorRequest.Status.AWAITING_APPROVAL
        )
        client_for(mentor).post(PROFILE, profile_data(mentor, requests_paused="on"))
        awaiting.refresh_from_db()
        assert awaiting.status == MentorRequest.Status.AWAITING_APPROVAL

    def test_pausing_with_pairs_open_is_allowed_and_they_go_on(self, client_for, pair, mentor):
        response = client_for(mentor).post(
            PROFILE, profile_data(mentor, requests_paused="on"), follow=True
        )
        assert "New requests are paused until you resume." in response.text
        pair.refresh_from_db()
        assert pair.is_open
        mentor.refresh_from_db()
        assert mentor.requests_paused and mentor.requests_back_on is None

    def test_resuming_takes_requests_again(self, client_for, enrolled, mentor):
        pause(mentor, today() + 5 * DAY)
        client_for(mentor).post(PROFILE, profile_data(mentor))
        mentor.refresh_from_db()
        assert not mentor.requests_paused and mentor.requests_back_on is None
        assert mentor in available_mentors(enrolled)

    def test_a_return_date_without_a_pause_is_dropped(self, client_for, mentor):
        day = (today() + 5 * DAY).isoformat()
        client_for(mentor).post(PROFILE, profile_data(mentor, requests_back_on=day))
        mentor.refresh_from_db()
        assert not mentor.requests_paused and mentor.requests_back_on is None

    def test_the_form_shows_a_pause_that_ended_by_itself_as_over(
        self, frozen_clock, client_for, mentor
    ):
        pause(mentor, today() + 2 * DAY)
        frozen_clock.shift(2 * DAY)
        form = client_for(mentor).get(PROFILE).context["form"]
        assert form["requests_paused"].value() is False
        assert form["requests_back_on"].value() is None

    def test_it_pauses_only_the_signed_in_person(self, client_for, enrolled, mentor, stranger):
        waiting = MentorRequestFactory(program=enrolled, mentor=mentor)
        client_for(stranger).post(PROFILE, profile_data(stranger, requests_paused="on"))
        mentor.refresh_from_db()
        waiting.refresh_from_db()
        assert not mentor.requests_paused
        assert waiting.status == MentorRequest.Status.PENDING


class TestBadInput:
    def test_capacity_below_the_mentees_now_is_refused_with_the_numbers(
        self, client_for, program, mentor
    ):
        MentorshipFactory.create_batch(3, program=program, mentor=mentor)
        response = client_for(mentor).post(
            PROFILE, profile_data(mentor, mentee_capacity="2", job_title="Changed title")
        )
        assert response.status_code == 200
        errors = response.context["form"].errors["mentee_capacity"]
        assert errors == ["You have 3 mentees now; capacity can't be below 3."]
        assert 'id="error_1_id_mentee_capacity"' in response.text
        assert 'value="2"' in response.text
        assert "Changed title" in response.text
        mentor.refresh_from_db()
        assert mentor.mentee_capacity == 3
        assert mentor.job_title == "Manager"

    def test_capacity_equal_to_the_mentees_now_is_fine(self, client_for, program, mentor):
        MentorshipFactory.create_batch(2, program=program, mentor=mentor)
        client_for(mentor).post(PROFILE, profile_data(mentor, mentee_capacity="2"))
        mentor.refresh_from_db()
        assert mentor.mentee_capacity == 2

    @pytest.mark.parametrize("days", [-1, 0])
    def test_a_return_date_not_after_today_is_refused(self, client_for, enrolled, mentor, days):
        waiting = MentorRequestFactory(program=enrolled, mentor=mentor)
        day = (today() + days * DAY).isoformat()
        response = client_for(mentor).post(
            PROFILE, profile_data(mentor, requests_paused="on", requests_back_on=day)
        )
        assert response.status_code == 200
        assert response.context["form"].errors["requests_back_on"] == [
            "Choose a day after today, or leave it empty to pause until you resume."
        ]
        assert 'id="error_1_id_requests_back_on"' in response.text
        assert f'value="{day}"' in response.text
        mentor.refresh_from_db()
        waiting.refresh_from_db()
        assert not mentor.requests_paused
        assert waiting.status == MentorRequest.Status.PENDING

    def test_the_service_refuses_the_same_for_any_caller(self, program, mentor):
        MentorshipFactory(program=program, mentor=mentor)
        mentor.mentee_capacity = 0
        mentor.requests_paused, mentor.requests_back_on = True, today() - DAY
        with pytest.raises(ValidationError) as raised:
            services.apply_mentor_availability(mentor=mentor)
        assert set(raised.value.message_dict) == {"mentee_capacity", "requests_back_on"}
        assert raised.value.message_dict["mentee_capacity"] == [
            "You have 1 mentee now; capacity can't be below 1."
        ]


class TestHome:
    def test_a_mentor_sees_whether_they_take_requests(self, client_for, mentor):
        text = client_for(mentor).get(reverse("home")).text
        assert "Mentoring availability" in text
        assert "You take new requests, up to 3 mentees at once." in text
        pause(mentor, datetime.date(2099, 1, 15))
        text = client_for(mentor).get(reverse("home")).text
        assert "New requests are paused until Jan 15, 2099" in text

    @pytest.mark.parametrize("persona", ["mentee", "stranger", "coordinator"])
    def test_no_one_else_sees_it(self, request, client_for, persona):
        text = client_for(request.getfixturevalue(persona)).get(reverse("home")).text
        assert "Mentoring availability" not in text


@pytest.mark.parametrize("paused", [1, 12])
def test_the_directory_query_count_holds_with_paused_mentors(
    client_for, enrolled, mentee, paused, django_assert_max_num_queries
):
    for _ in range(paused):
        mentor = MentorFactory()
        ParticipantFactory(program=enrolled, user=mentor, role=Participant.Role.MENTOR)
        pause(mentor, today() + 7 * DAY)
        ParticipantFactory(program=enrolled, user=UserFactory(), role=Participant.Role.MENTOR)
    client = client_for(mentee)
    # session + user, the program, departments, page count, the page, the notes on it
    with django_assert_max_num_queries(7):
        response = client.get(reverse("preparation:mentor_directory", args=[enrolled.pk]))
    assert response.context["page"].paginator.count == 1


def test_a_mentor_joining_by_a_link_keeps_room_for_the_mentees_they_have(
    client_for, program, coordinator, mentor
):
    _, token = join_links.create_join_link(program=program, created_by=coordinator)
    for _ in range(2):
        MentorshipFactory(mentor=mentor)
    data = {"full_name": "Marco", "role": "mentor", "expertise": "Lean", "mentee_capacity": 1}
    response = client_for(mentor).post(reverse("enrolment:join", args=[token]), data)
    assert response.status_code == 200
    assert "capacity can" in response.text
    mentor.refresh_from_db()
    assert mentor.mentee_capacity != 1
    assert not Participant.objects.filter(program=program, user=mentor).exists()
