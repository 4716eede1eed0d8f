"""Programs' pages: a pair's page and who sees it, starting to negotiate, the program page,
home and the guide."""

import pytest
from django.urls import reverse

from mentoring.programs.models import Phase
from mentoring.programs.views import HOME_LIST_LIMIT
from tests.factories import MentorFactory, MentorshipFactory, ProgramFactory

pytestmark = pytest.mark.django_db


class TestMentorshipPageAccess:
    """Who may see a pair: its members and its program's coordinators; everyone else 404."""

    @pytest.mark.parametrize("persona", ["mentee", "mentor", "coordinator"])
    def test_it_shows_the_pair_to_its_members_and_coordinator(self, request, pair, persona):
        user = request.getfixturevalue(persona)
        client = request.getfixturevalue("client_for")(user)
        response = client.get(pair.get_absolute_url())
        assert response.status_code == 200
        assert pair.mentee.full_name in response.text

    @pytest.mark.parametrize("persona", ["stranger", "other_coordinator"])
    def test_it_is_404_for_anyone_else(self, request, pair, persona):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        assert client.get(pair.get_absolute_url()).status_code == 404

    def test_it_asks_anonymous_visitors_to_sign_in(self, client, pair):
        response = client.get(pair.get_absolute_url())
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_an_unknown_id_is_404(self, client_for, mentee):
        url = reverse("programs:mentorship", args=[999999])
        assert client_for(mentee).get(url).status_code == 404

    def test_the_coordinator_is_told_they_see_status_only(self, client_for, pair, coordinator):
        response = client_for(coordinator).get(pair.get_absolute_url())
        assert "status only" in response.text
        assert "start negotiating" not in response.text

    def test_the_coordinator_is_led_back_to_the_programs_dashboard(
        self, client_for, pair, coordinator, mentee
    ):
        dashboard = reverse("dashboard:program", args=[pair.program_id])
        assert f'href="{dashboard}"' in client_for(coordinator).get(pair.get_absolute_url()).text
        assert f'href="{dashboard}"' not in client_for(mentee).get(pair.get_absolute_url()).text


class TestStartNegotiating:
    def url(self, pair):
        return reverse("programs:start_negotiating", args=[pair.pk])

    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    def test_a_member_moves_the_pair_to_negotiating(self, request, pair, persona):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        response = client.post(self.url(pair), follow=True)
        pair.refresh_from_db()
        assert pair.phase == Phase.NEGOTIATING
        assert "Negotiating phase" in response.text

    def test_the_coordinator_cannot_change_the_pair(self, client_for, pair, coordinator):
        assert client_for(coordinator).post(self.url(pair)).status_code == 403
        pair.refresh_from_db()
        assert pair.phase == Phase.PREPARING

    @pytest.mark.parametrize("persona", ["stranger", "other_coordinator"])
    def test_anyone_else_gets_404(self, request, pair, persona):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        assert client.post(self.url(pair)).status_code == 404
        pair.refresh_from_db()
        assert pair.phase == Phase.PREPARING

    def test_it_only_accepts_post(self, client_for, pair, mentee):
        assert client_for(mentee).get(self.url(pair)).status_code == 405

    def test_a_second_submission_explains_instead_of_failing(self, client_for, pair, mentee):
        client = client_for(mentee)
        client.post(self.url(pair))
        response = client.post(self.url(pair), follow=True)
        assert "moves to Negotiating from Preparing" in response.text

    def test_a_closed_pair_cannot_change(self, client_for, pair, mentee):
        pair.close()
        assert client_for(mentee).post(self.url(pair)).status_code == 403


class TestProgramPage:
    def test_the_coordinator_sees_every_pair(self, client_for, pair, coordinator):
        response = client_for(coordinator).get(pair.program.get_absolute_url())
        assert response.status_code == 200
        assert pair.mentee.full_name in response.text
        assert pair.mentor.full_name in response.text

    @pytest.mark.parametrize("persona", ["mentee", "mentor", "stranger", "other_coordinator"])
    def test_it_is_404_for_anyone_but_its_coordinators(self, request, pair, persona):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        assert client.get(pair.program.get_absolute_url()).status_code == 404

    def test_a_nonsense_page_number_falls_back_to_a_real_page(self, client_for, pair, coordinator):
        url = pair.program.get_absolute_url()
        response = client_for(coordinator).get(url, {"page": "lots"})
        assert response.status_code == 200

    @pytest.mark.parametrize("pairs", [3, 30])
    def test_its_query_count_does_not_grow_with_pairs(
        self, client_for, program, coordinator, pairs, django_assert_max_num_queries
    ):
        MentorshipFactory.create_batch(pairs, program=program)
        client = client_for(coordinator)
        # session + user, the program, the count of pairs and of open pairs, the page of pairs
        # with their people
        with django_assert_max_num_queries(5):
            response = client.get(program.get_absolute_url())
        assert response.status_code == 200


class TestHomePage:
    def test_anonymous_visitors_see_the_welcome_page(self, client, db):
        response = client.get(reverse("home"))
        assert "Sign up" in response.text
        assert "My mentorship" not in response.text

    def test_a_mentee_sees_their_mentorship_and_next_step(self, client_for, pair, mentee):
        response = client_for(mentee).get(reverse("home"))
        assert "My mentorship" in response.text
        assert f"Mentored by {pair.mentor.full_name}" in response.text
        assert "planning template" in response.text
        assert 'aria-current="step"' in response.text

    def test_a_mentor_sees_their_mentees(self, client_for, pair, mentor):
        response = client_for(mentor).get(reverse("home"))
        assert "My mentees" in response.text
        assert pair.mentee.full_name in response.text

    def test_a_mentor_and_mentee_sees_both_lists(self, client_for, mentor):
        as_mentee = MentorshipFactory(mentee=mentor)
        as_mentor = MentorshipFactory(mentor=mentor)
        response = client_for(mentor).get(reverse("home"))
        assert [pair for pair, step in response.context["as_mentee"]] == [as_mentee]
        assert [pair for pair, step in response.context["as_mentor"]] == [as_mentor]

    def test_each_list_shows_the_newest_pairs_however_many_the_other_has(self, client_for, mentor):
        as_mentee = MentorshipFactory.create_batch(HOME_LIST_LIMIT * 2, mentee=mentor)
        as_mentor = MentorshipFactory(mentor=mentor)
        response = client_for(mentor).get(reverse("home"))
        newest = sorted(as_mentee, key=lambda pair: pair.started_at, reverse=True)
        shown = [pair for pair, step in response.context["as_mentee"]]
        assert len(shown) == HOME_LIST_LIMIT
        assert {pair.started_at for pair in shown} == {
            pair.started_at for pair in newest[:HOME_LIST_LIMIT]
        }
        assert [pair for pair, step in response.context["as_mentor"]] == [as_mentor]

    def test_a_coordinator_sees_pairs_per_phase_in_their_programs(
        self, client_for, pair, coordinator
    ):
        MentorshipFactory(program=pair.program).start_negotiating()
        response = client_for(coordinator).get(reverse("home"))
        programs = response.context["programs"]
        assert [p.pk for p in programs] == [pair.program.pk]
        assert dict(programs[0].phase_counts) == {
            Phase.PREPARING: 1,
            Phase.NEGOTIATING: 1,
            Phase.ENABLING: 0,
            Phase.CLOSURE: 0,
        }

    def test_it_shows_nobody_elses_pairs(self, client_for, pair, stranger, other_coordinator):
        for user in (stranger, other_coordinator):
            response = client_for(user).get(reverse("home"))
            assert pair.mentee.full_name not in response.text

    def test_ended_mentorships_leave_the_home_page(self, client_for, pair, mentee):
        pair.close()
        assert "My mentorship" not in client_for(mentee).get(reverse("home")).text

    @pytest.mark.parametrize("scale", [1, 10])
    def test_its_query_count_does_not_grow_with_data(
        self, client_for, scale, django_assert_max_num_queries
    ):
        person = MentorFactory(mentee_capacity=10)
        for _ in range(scale):
            program = ProgramFactory(coordinators=[person])
            MentorshipFactory(program=program, mentor=person)
            MentorshipFactory.create_batch(3, program=program)
        MentorshipFactory.create_batch(scale, mentee=person)
        client = client_for(person)
        # session + user, my pairs as mentee and as mentor, programs, phase counts, enrolment's
        # invitations waiting for me, and preparation's panels: requests waiting for me,
        # programs where I am still preparing; closure's past pairs; whether I may create
        # programs
        with django_assert_max_num_queries(11):
            response = client.get(reverse("home"))
        assert response.status_code == 200


class TestGuidePage:
    def test_it_shows_what_mentoring_is_and_is_not(self, client, db):
        response = client.get(reverse("guide"))
        assert "Mentoring is not" in response.text
        assert "EFAP" in response.text
        for phase in Phase:
            assert str(phase.label) in response.text
