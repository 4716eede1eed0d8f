"""Past mentorships on home and their "see all" page (mentoring/closure/history.py), and the
way back to what a mentee prepared once paired (My preparation)."""

import pytest
from django.urls import reverse

from mentoring.closure.history import HISTORY_LIMIT, HISTORY_PER_PAGE
from mentoring.programs.models import Participant
from tests.factories import (
    CandidateNoteFactory,
    MentorFactory,
    MentorshipFactory,
    PlanningTemplateFactory,
    ProgramFactory,
    SelfReflectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HISTORY = "Past mentorships"


def ended_pair(**kwargs):
    pair = MentorshipFactory(**kwargs)
    pair.close()
    return pair


def closure_url(name, pair):
    return reverse(f"closure:{name}", args=[pair.pk])


@pytest.fixture
def ended(pair):
    pair.close()
    return pair


class TestHomeHistory:
    def test_both_members_see_the_ended_pair_with_its_links(self, client_for, ended):
        for person in (ended.mentee, ended.mentor):
            text = client_for(person).get(reverse("home")).text
            assert HISTORY in text
            for link in (
                ended.get_absolute_url(),
                closure_url("certificate", ended),
                closure_url("portfolio", ended),
            ):
                assert f'href="{link}"' in text
        assert f"Mentored by {ended.mentor.display_name}" in client_for(ended.mentee).get("/").text
        assert f"Mentoring {ended.mentee.display_name}" in client_for(ended.mentor).get("/").text

    def test_it_comes_below_the_open_pairs(self, client_for, ended, mentee):
        MentorshipFactory(mentee=mentee)
        text = client_for(mentee).get(reverse("home")).text
        assert text.index("My mentorship") < text.index(HISTORY)

    def test_an_open_pair_is_no_history(self, client_for, pair):
        assert HISTORY not in client_for(pair.mentee).get(reverse("home")).text

    @pytest.mark.parametrize("persona", ["stranger", "coordinator", "other_coordinator"])
    def test_no_one_else_sees_it(self, request, client_for, ended, persona):
        text = client_for(request.getfixturevalue(persona)).get(reverse("home")).text
        assert HISTORY not in text
        assert ended.get_absolute_url() not in text

    def test_someone_with_only_past_pairs_is_told_they_have_no_open_one(self, client_for, ended):
        text = client_for(ended.mentee).get(reverse("home")).text
        assert "No open mentorship" in text
        assert "No mentorship yet" not in text

    def test_home_shows_the_latest_few_and_a_link_to_all(self, client_for, mentee):
        pairs = [ended_pair(mentee=mentee) for _ in range(HISTORY_LIMIT + 1)]
        text = client_for(mentee).get(reverse("home")).text
        assert reverse("closure:history") in text
        assert pairs[-1].get_absolute_url() in text
        assert f'href="{pairs[0].get_absolute_url()}"' not in text

    def test_no_see_all_link_when_home_shows_them_all(self, client_for, ended):
        assert reverse("closure:history") not in client_for(ended.mentee).get("/").text


class TestTheEndedPairStaysReachable:
    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    def test_its_page_is_read_only_for_both(self, request, client_for, ended, persona):
        response = client_for(request.getfixturevalue(persona)).get(ended.get_absolute_url())
        assert response.status_code == 200
        assert response.context["can_edit"] is False
        assert "This mentorship has ended" in response.text
        assert "start-negotiating" not in response.text

    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    def test_both_download_the_certificate_and_the_portfolio(
        self, request, client_for, ended, persona
    ):
        client = client_for(request.getfixturevalue(persona))
        for name in ("certificate", "portfolio"):
            response = client.get(closure_url(name, ended))
            assert response.status_code == 200
            assert response["Content-Type"] == "application/pdf"


class TestTheHistoryPage:
    def test_it_lists_only_my_past_pairs(self, client_for, ended, mentee):
        open_pair = MentorshipFactory(mentee=mentee)
        someone_elses = ended_pair()
        text = client_for(mentee).get(reverse("closure:history")).text
        assert ended.get_absolute_url() in text
        assert f'href="{open_pair.get_absolute_url()}"' not in text
        assert someone_elses.get_absolute_url() not in text

    def test_the_mentor_sees_it_too(self, client_for, ended):
        assert ended.get_absolute_url() in client_for(ended.mentor).get("/mentorships/past/").text

    def test_a_stranger_sees_none(self, client_for, ended, stranger):
        text = client_for(stranger).get(reverse("closure:history")).text
        assert "No mentorship of yours has ended yet." in text
        assert ended.get_absolute_url() not in text

    def test_it_is_paginated(self, client_for, mentee):
        pairs = [ended_pair(mentee=mentee) for _ in range(HISTORY_PER_PAGE + 1)]
        client = client_for(mentee)
        first = client.get(reverse("closure:history")).text
        assert "Page 1 of 2" in first
        assert pairs[-1].get_absolute_url() in first
        second = client.get(reverse("closure:history"), {"page": 2}).text
        assert f'href="{pairs[0].get_absolute_url()}"' in second

    def test_it_needs_signing_in(self, client):
        assert client.get(reverse("closure:history")).status_code == 302


@pytest.mark.parametrize("scale", [1, HISTORY_PER_PAGE + 5])
class TestQueryCounts:
    def test_home_does_not_grow_with_the_history(
        self, client_for, mentee, scale, django_assert_max_num_queries
    ):
        for _ in range(scale):
            ended_pair(mentee=mentee)
            ended_pair(mentor=MentorFactory(), mentee=UserFactory())
        client = client_for(mentee)
        # session + user, my open pairs, programs I coordinate, invitations, requests to me,
        # programs where I am a mentee (with whether I have a mentor there), my requests in
        # them, my self-reflection, my past pairs; whether I may create programs
        with django_assert_max_num_queries(11):
            response = client.get(reverse("home"))
        assert HISTORY in response.text

    def test_the_history_page_does_not_grow(
        self, client_for, mentor, scale, django_assert_max_num_queries
    ):
        for _ in range(scale):
            ended_pair(mentor=mentor, program=ProgramFactory())
        client = client_for(mentor)
        # session + user, the count of my past pairs, one page of them with program and people
        with django_assert_max_num_queries(4):
            response = client.get(reverse("closure:history"))
        assert len(response.context["rows"]) == min(scale, HISTORY_PER_PAGE)

    def test_my_preparation_does_not_grow(
        self, client_for, mentee, scale, django_assert_max_num_queries
    ):
        SelfReflectionFactory(author=mentee)
        for _ in range(scale):
            pair = MentorshipFactory(mentee=mentee)
            PlanningTemplateFactory(mentorship=pair)
            CandidateNoteFactory(author=mentee, mentor=pair.mentor)
            pair.close()
        client = client_for(mentee)
        # session + user, my self-reflection, my notes with their mentor and a shared program,
        # my pairs as mentee with program, people and planning template
        with django_assert_max_num_queries(5):
            response = client.get(reverse("preparation:my_preparation"))
        assert len(response.context["notes"]) == len(response.context["pairs"]) == scale


class TestMyPreparation:
    def test_a_paired_mentee_keeps_a_link_on_home(self, client_for, pair):
        SelfReflectionFactory(author=pair.mentee)
        text = client_for(pair.mentee).get(reverse("home")).text
        assert "My preparation" in text
        assert reverse("preparation:my_preparation") in text
        assert reverse("preparation:self_reflection") in text
        # The cards for finding a mentor are gone: they have one.
        assert "Finding a mentor in" not in text

    def test_a_mentee_still_looking_sees_the_cards_not_the_link(self, client_for, mentee):
        Participant.objects.create(
            program=ProgramFactory(), user=mentee, role=Participant.Role.MENTEE
        )
        text = client_for(mentee).get(reverse("home")).text
        assert "Finding a mentor in" in text
        assert f'href="{reverse("preparation:my_preparation")}"' not in text

    @pytest.mark.parametrize("persona", ["mentor", "stranger", "coordinator"])
    def test_no_one_but_a_mentee_gets_the_link_on_home(self, request, client_for, pair, persona):
        text = client_for(request.getfixturevalue(persona)).get(reverse("home")).text
        assert f'href="{reverse("preparation:my_preparation")}"' not in text

    def test_the_pair_page_links_to_it_for_the_mentee_only(self, client_for, pair):
        link = f'href="{reverse("preparation:my_preparation")}"'
        assert link in client_for(pair.mentee).get(pair.get_absolute_url()).text
        assert link not in client_for(pair.mentor).get(pair.get_absolute_url()).text

    def test_it_lists_what_i_prepared_with_links(self, client_for, pair, mentee):
        SelfReflectionFactory(author=mentee)
        note = CandidateNoteFactory(author=mentee, mentor=pair.mentor)
        PlanningTemplateFactory(mentorship=pair)
        text = client_for(mentee).get(reverse("preparation:my_preparation")).text
        assert "draft, last saved" in text
        assert reverse("preparation:candidate", args=[pair.program_id, note.mentor_id]) in text
        assert reverse("preparation:planning_template", args=[pair.pk]) in text
        assert reverse("preparation:self_reflection") in text

    def test_a_note_on_someone_no_longer_a_mentor_here_has_no_link(self, client_for, mentee):
        CandidateNoteFactory(author=mentee, mentor=MentorFactory(full_name="Gone Mentor"))
        text = client_for(mentee).get(reverse("preparation:my_preparation")).text
        assert "Gone Mentor" in text
        assert "no longer a mentor in your programs" in text

    def test_an_ended_pairs_template_stays_listed(self, client_for, ended, mentee):
        PlanningTemplateFactory(mentorship=ended)
        text = client_for(mentee).get(reverse("preparation:my_preparation")).text
        assert reverse("preparation:planning_template", args=[ended.pk]) in text
        assert "ended" in text

    @pytest.mark.parametrize("persona", ["mentor", "stranger", "coordinator"])
    def test_no_one_else_sees_my_notes_or_reflection(self, request, client_for, pair, persona):
        SelfReflectionFactory(author=pair.mentee, strengths="PLANTED-STRENGTH")
        CandidateNoteFactory(author=pair.mentee, mentor=MentorFactory(full_name="Planted Name"))
        PlanningTemplateFactory(mentorship=pair)
        client = client_for(request.getfixturevalue(persona))
        text = client.get(reverse("preparation:my_preparation")).text
        assert "Planted Name" not in text
        assert reverse("preparation:planning_template", args=[pair.pk]) not in text
        assert "No notes yet" in text
