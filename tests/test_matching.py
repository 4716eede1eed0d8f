"""Matching: mentors suggested for a mentee, the pairing page, the directory's best matches."""

import pytest
from django.urls import reverse

from mentoring.enrolment.matching import suggest_mentors
from mentoring.programs.models import Mentorship, Participant
from tests.factories import MentorFactory, MentorshipFactory, ParticipantFactory, UserFactory
from tests.helpers import PROGRAM_OUTSIDERS, as_persona

pytestmark = pytest.mark.django_db


def mentor_in(program, **fields):
    mentor = MentorFactory(**fields)
    ParticipantFactory(program=program, user=mentor, role=Participant.Role.MENTOR)
    return mentor


@pytest.fixture
def seeker(program):
    mentee = UserFactory(
        full_name="Sasha Seeker",
        department="Surgery",
        growth_areas="Leadership, Quality Improvement,  budgets",
    )
    ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
    return mentee


class TestMatching:
    def test_mentors_are_ranked_by_shared_growth_areas(self, program, seeker):
        one = mentor_in(program, full_name="One Topic", expertise="budgets")
        three = mentor_in(
            program,
            full_name="Three Topics",
            expertise="quality improvement, LEADERSHIP, Budgets, Sailing",
        )
        none = mentor_in(program, full_name="No Topic", expertise="Sailing")
        two = mentor_in(program, full_name="Two Topics", expertise="leadership,budgets")
        ranked = suggest_mentors(program=program, mentee=seeker)
        assert [s.mentor for s in ranked] == [three, two, one, none]
        assert ranked[0].shared_topics == ["Leadership", "Quality Improvement", "budgets"]

    def test_another_department_is_preferred_at_equal_overlap(self, program, seeker):
        same = mentor_in(program, full_name="A Same", expertise="Leadership", department="Surgery")
        other = mentor_in(
            program, full_name="Z Other", expertise="Leadership", department="Pharmacy"
        )
        better = mentor_in(
            program, full_name="M Better", expertise="Leadership, Budgets", department="surgery"
        )
        ranked = suggest_mentors(program=program, mentee=seeker)
        assert [s.mentor for s in ranked] == [better, other, same]

    def test_each_suggestion_says_why(self, program, seeker):
        mentor_in(program, expertise="leadership, quality improvement", department="Pharmacy")
        mentor_in(program, expertise="Budgets", department="Surgery")
        mentor_in(program, expertise="Sailing", department="")
        reasons = [s.reason for s in suggest_mentors(program=program, mentee=seeker)]
        assert reasons == [
            "Shares: Leadership, Quality Improvement; works in Pharmacy, a different department",
            "Shares: budgets; works in the same department (Surgery)",
            "No growth area in common",
        ]

    def test_mentors_without_room_or_not_open_are_never_suggested(self, program, seeker):
        full = mentor_in(program, expertise="Leadership", mentee_capacity=1)
        MentorshipFactory(program=program, mentor=full)
        closed = mentor_in(program, expertise="Leadership", open_to_mentoring=False)
        none_at_all = mentor_in(program, expertise="Leadership", mentee_capacity=0)
        room = mentor_in(program, expertise="Leadership", mentee_capacity=2)
        MentorshipFactory(program=program, mentor=room)
        ranked = [s.mentor for s in suggest_mentors(program=program, mentee=seeker)]
        assert ranked == [room]
        assert full not in ranked and closed not in ranked and none_at_all not in ranked

    def test_the_mentee_and_their_partners_are_never_suggested(self, program, seeker):
        ParticipantFactory(program=program, user=seeker, role=Participant.Role.MENTOR)
        seeker.open_to_mentoring = True
        seeker.expertise = "Leadership"
        seeker.save()
        partner = mentor_in(program, expertise="Leadership")
        MentorshipFactory(program=program, mentor=partner, mentee=seeker)
        elsewhere = MentorFactory(expertise="Leadership")  # not a mentor of this program
        ranked = [s.mentor for s in suggest_mentors(program=program, mentee=seeker)]
        assert ranked == []
        assert elsewhere not in ranked

    def test_the_list_is_limited(self, program, seeker):
        for _ in range(4):
            mentor_in(program)
        assert len(suggest_mentors(program=program, mentee=seeker, limit=3)) == 3

    @pytest.mark.parametrize("mentors", [3, 30])
    def test_it_runs_one_query(self, program, seeker, mentors, django_assert_num_queries):
        for n in range(mentors):
            mentor_in(program, expertise="Leadership" if n % 2 else "Budgets")
        # the program's mentors with room, with their open mentorships counted
        with django_assert_num_queries(1):
            ranked = suggest_mentors(program=program, mentee=seeker)
            [s.reason for s in ranked]
        assert len(ranked) == min(mentors, 10)


class TestPairingPage:
    def url(self, program, mentee=None):
        url = reverse("programs:new_pair", args=[program.pk])
        return f"{url}?mentee={mentee.pk}" if mentee else url

    def test_the_coordinator_sees_suggestions_and_pairs_in_one_click(
        self, client_for, coordinator, program, seeker
    ):
        best = mentor_in(
            program, full_name="Bea Best", expertise="Leadership", department="Pharmacy"
        )
        client = client_for(coordinator)
        page = client.get(self.url(program, seeker))
        assert "Suggested mentors for Sasha Seeker" in page.text
        assert "Shares: Leadership; works in Pharmacy, a different department." in page.text
        assert f'<option value="{seeker.pk}" selected>' in page.text
        response = client.post(
            reverse("programs:new_pair", args=[program.pk]),
            {"mentee": seeker.pk, "mentor": best.pk},
            follow=True,
        )
        assert "Sasha Seeker and Bea Best are now a pair." in response.text
        assert Mentorship.objects.filter(mentee=seeker, mentor=best).exists()

    def test_a_mentee_without_growth_areas_still_gets_mentors_with_room(
        self, client_for, coordinator, program, mentee
    ):
        ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
        mentor_in(program, full_name="Bea Best")
        page = client_for(coordinator).get(self.url(program, mentee))
        assert "has not listed growth areas" in page.text
        assert "Bea Best" in page.text

    @pytest.mark.parametrize("value", ["abc", "999999", ""])
    def test_a_nonsense_mentee_is_explained_not_a_crash(
        self, client_for, coordinator, program, value
    ):
        url = reverse("programs:new_pair", args=[program.pk]) + f"?mentee={value}"
        response = client_for(coordinator).get(url)
        assert response.status_code == 200
        assert "Suggested mentors" not in response.text

    def test_someone_who_is_not_a_mentee_of_the_program_gets_no_suggestions(
        self, client_for, coordinator, program, stranger
    ):
        response = client_for(coordinator).get(self.url(program, stranger))
        assert "Suggested mentors" not in response.text
        assert "Select a valid choice" in response.text

    @pytest.mark.parametrize("persona", PROGRAM_OUTSIDERS)
    def test_it_is_404_for_anyone_but_the_programs_coordinators(
        self, request, program, seeker, persona
    ):
        _, client = as_persona(request, persona)
        assert client.get(self.url(program, seeker)).status_code == 404

    @pytest.mark.parametrize("mentors", [3, 30])
    def test_its_query_count_does_not_grow_with_mentors(
        self, client_for, coordinator, program, seeker, mentors, django_assert_max_num_queries
    ):
        for _ in range(mentors):
            mentor_in(program, expertise="Leadership")
        client = client_for(coordinator)
        # session + user, the program, the chosen mentee, the two select lists of the pairing
        # form and the chooser, the suggestions
        with django_assert_max_num_queries(8):
            client.get(self.url(program, seeker))


class TestMentorDirectorySuggestions:
    def url(self, program):
        return reverse("preparation:mentor_directory", args=[program.pk])

    def test_the_mentee_sees_their_best_matches_with_reasons(self, client_for, program, seeker):
        mentor_in(program, full_name="Bea Best", expertise="Budgets", department="Pharmacy")
        mentor_in(program, full_name="Nat Nomatch", expertise="Sailing")
        text = client_for(seeker).get(self.url(program)).text
        section = text.split('id="suggested-for-me"', 1)[1].split("</section>", 1)[0]
        assert "Bea Best</a>: Shares: budgets; works in Pharmacy, a different department." in (
            section
        )
        assert "Nat Nomatch" not in section

    def test_without_growth_areas_the_mentee_is_told_where_to_add_them(
        self, client_for, program, mentee
    ):
        ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
        text = client_for(mentee).get(self.url(program)).text
        assert "Name the areas you want to grow in" in text
        assert reverse("accounts:profile") in text
