"""Preparing's pages: the requests' pages and lists, the home page's cards, and a coordinator
pairing two participants."""

import pytest
from django.urls import reverse

from mentoring.preparation import services
from mentoring.programs.models import Mentorship, Participant, Phase
from tests.factories import (
    MentorFactory,
    MentorRequestFactory,
    MentorshipFactory,
    ParticipantFactory,
    ProgramFactory,
    SelfReflectionFactory,
)
from tests.helpers import as_persona

pytestmark = pytest.mark.django_db


class TestRequestPages:
    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    def test_both_people_read_the_request(self, request, mentor_request, persona):
        _, client = as_persona(request, persona)
        response = client.get(mentor_request.get_absolute_url())
        assert response.status_code == 200
        assert mentor_request.why_this_mentor in response.text

    def test_only_the_mentor_sees_the_answer_form(self, client_for, mentor_request, mentor):
        assert "Decline" in client_for(mentor).get(mentor_request.get_absolute_url()).text

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_it_is_404_for_anyone_else(self, request, mentor_request, persona):
        _, client = as_persona(request, persona)
        assert client.get(mentor_request.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize(
        ("persona", "url_name", "visible"),
        [
            ("mentee", "preparation:sent_requests", True),
            ("mentor", "preparation:received_requests", True),
            ("mentee", "preparation:received_requests", False),
            ("mentor", "preparation:sent_requests", False),
            ("coordinator", "preparation:sent_requests", False),
            ("coordinator", "preparation:received_requests", False),
            ("stranger", "preparation:received_requests", False),
        ],
    )
    def test_request_lists_show_only_ones_own(
        self, request, mentor_request, persona, url_name, visible
    ):
        _, client = as_persona(request, persona)
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert (mentor_request.get_absolute_url() in response.text) is visible

    @pytest.mark.parametrize("requests", [2, 25])
    def test_the_received_list_keeps_its_query_count(
        self, client_for, mentor, requests, django_assert_max_num_queries
    ):
        mentor.mentee_capacity = 10
        mentor.save()
        MentorRequestFactory.create_batch(requests, mentor=mentor)
        client = client_for(mentor)
        # session + user, page count, the page with mentee and program
        with django_assert_max_num_queries(4):
            client.get(reverse("preparation:received_requests"))


class TestHomePage:
    def test_a_mentee_without_a_mentor_sees_the_preparing_card(self, client_for, enrolled, mentee):
        SelfReflectionFactory(author=mentee)
        response = client_for(mentee).get(reverse("home"))
        assert f"Finding a mentor in {enrolled.name}" in response.text
        assert reverse("preparation:self_reflection") in response.text
        assert reverse("preparation:mentor_directory", args=[enrolled.pk]) in response.text
        assert "Self-reflection</a>: draft" in response.text
        assert "no request sent yet" in response.text

    def test_the_card_shows_the_request_status(self, client_for, mentor_request, mentee):
        response = client_for(mentee).get(reverse("home"))
        assert "is waiting for their answer" in response.text
        assert mentor_request.get_absolute_url() in response.text

    def test_the_card_goes_once_the_mentee_has_a_mentor(self, client_for, pair, mentee):
        assert "Finding a mentor" not in client_for(mentee).get(reverse("home")).text

    def test_the_mentor_sees_pending_requests_with_accept_and_decline(
        self, client_for, mentor_request, mentor
    ):
        response = client_for(mentor).get(reverse("home"))
        assert "Requests to mentor you" in response.text
        assert reverse("preparation:accept_request", args=[mentor_request.pk]) in response.text
        assert reverse("preparation:decline_request", args=[mentor_request.pk]) in response.text

    def test_answered_requests_leave_the_mentors_panel(self, client_for, mentor_request, mentor):
        services.decline_mentor_request(mentor_request=mentor_request)
        assert "Requests to mentor you" not in client_for(mentor).get(reverse("home")).text

    def test_the_panel_is_bounded_with_a_link_to_all(self, client_for, mentor):
        MentorRequestFactory.create_batch(6, mentor=mentor)
        response = client_for(mentor).get(reverse("home"))
        assert len(response.context["pending"]) == 5
        assert reverse("preparation:received_requests") in response.text

    @pytest.mark.parametrize("scale", [1, 10])
    def test_its_query_count_does_not_grow_with_requests(
        self, client_for, scale, django_assert_max_num_queries
    ):
        person = MentorFactory(mentee_capacity=10)
        SelfReflectionFactory(author=person)
        for _ in range(scale):
            program = ProgramFactory(coordinators=[person])
            MentorshipFactory(program=program, mentor=person)
            MentorRequestFactory(program=program, mentor=person)
            MentorRequestFactory(program=ProgramFactory(), mentee=person)
        client = client_for(person)
        # session + user, my pairs as mentee and as mentor, programs, phase counts, invitations
        # to me; pending requests to me, programs I prepare in, my requests there, my reflection;
        # closure's past pairs; whether I may create programs
        with django_assert_max_num_queries(12):
            response = client.get(reverse("home"))
        assert len(response.context["cards"]) == scale
        assert len(response.context["pending"]) == min(scale, 5)


class TestCoordinatorPairing:
    def url(self, program):
        return reverse("programs:new_pair", args=[program.pk])

    def test_the_coordinator_pairs_two_participants(
        self, client_for, enrolled, coordinator, mentee, mentor
    ):
        client = client_for(coordinator)
        assert "Pair a mentee with a mentor" in client.get(enrolled.get_absolute_url()).text
        form = client.get(self.url(enrolled))
        assert f'<option value="{mentee.pk}">Mina Mentee</option>' in form.text
        response = client.post(
            self.url(enrolled), {"mentee": mentee.pk, "mentor": mentor.pk}, follow=True
        )
        pair = Mentorship.objects.get()
        assert (pair.mentee, pair.mentor, pair.phase) == (mentee, mentor, Phase.PREPARING)
        assert "Mina Mentee and Marco Mentor are now a pair." in response.text

    def test_a_full_mentor_is_explained_beside_the_field(
        self, client_for, enrolled, coordinator, mentee
    ):
        full = MentorFactory(mentee_capacity=0, full_name="Fiona Full")
        ParticipantFactory(program=enrolled, user=full, role=Participant.Role.MENTOR)
        response = client_for(coordinator).post(
            self.url(enrolled), {"mentee": mentee.pk, "mentor": full.pk}
        )
        assert response.context["form"].errors == {
            "mentor": ["Fiona Full has no room for another mentee at the moment."]
        }
        assert 'id="error_1_id_mentor"' in response.text
        assert f'<option value="{mentee.pk}" selected>' in response.text

    def test_people_outside_the_program_are_not_choices(
        self, client_for, enrolled, coordinator, mentor, stranger
    ):
        response = client_for(coordinator).post(
            self.url(enrolled), {"mentee": stranger.pk, "mentor": mentor.pk}
        )
        assert "Select a valid choice" in response.context["form"].errors["mentee"][0]
        assert not Mentorship.objects.exists()

    def test_a_double_submit_explains_instead_of_failing(
        self, client_for, enrolled, coordinator, mentee, mentor
    ):
        client = client_for(coordinator)
        data = {"mentee": mentee.pk, "mentor": mentor.pk}
        client.post(self.url(enrolled), data)
        response = client.post(self.url(enrolled), data)
        assert response.status_code == 200
        assert "already have an open mentorship in this program" in response.text
        assert Mentorship.objects.count() == 1

    @pytest.mark.parametrize("persona", ["mentee", "mentor", "other_coordinator", "stranger"])
    def test_it_is_404_for_anyone_but_the_programs_coordinators(
        self, request, enrolled, mentee, mentor, persona
    ):
        _, client = as_persona(request, persona)
        assert client.get(self.url(enrolled)).status_code == 404
        data = {"mentee": mentee.pk, "mentor": mentor.pk}
        assert client.post(self.url(enrolled), data).status_code == 404
        assert not Mentorship.objects.exists()
