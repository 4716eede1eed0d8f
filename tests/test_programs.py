import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.programs.models import Mentorship, Participant, Phase, PhaseTransitionError
from mentoring.programs.services import create_mentorship
from mentoring.programs.views import HOME_LIST_LIMIT
from tests.factories import (
    MentorFactory,
    MentorshipFactory,
    ParticipantFactory,
    ProgramFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def enrol(program, user, role):
    return ParticipantFactory(program=program, user=user, role=role)


class TestMentorshipRulesInTheDatabase:
    def test_it_refuses_a_person_mentoring_themselves(self, program, mentor):
        with pytest.raises(IntegrityError), transaction.atomic():
            Mentorship.objects.create(program=program, mentor=mentor, mentee=mentor)

    def test_it_refuses_a_second_open_mentorship_for_the_same_pair(self, pair):
        with pytest.raises(IntegrityError), transaction.atomic():
            Mentorship.objects.create(program=pair.program, mentor=pair.mentor, mentee=pair.mentee)

    def test_it_allows_the_same_pair_again_once_the_first_has_ended(self, pair):
        pair.close()
        again = Mentorship.objects.create(
            program=pair.program, mentor=pair.mentor, mentee=pair.mentee
        )
        assert again.is_open

    def test_it_refuses_an_open_mentorship_beyond_the_mentors_capacity(self, program):
        mentor = MentorFactory(mentee_capacity=1)
        MentorshipFactory(program=program, mentor=mentor)
        with pytest.raises(IntegrityError), transaction.atomic():
            Mentorship.objects.create(program=program, mentor=mentor, mentee=UserFactory())

    def test_capacity_counts_open_mentorships_in_every_program(self):
        mentor = MentorFactory(mentee_capacity=1)
        MentorshipFactory(mentor=mentor)
        with pytest.raises(IntegrityError), transaction.atomic():
            Mentorship.objects.create(
                program=ProgramFactory(), mentor=mentor, mentee=UserFactory()
            )

    def test_ended_mentorships_free_the_mentors_capacity(self, program):
        mentor = MentorFactory(mentee_capacity=1)
        MentorshipFactory(program=program, mentor=mentor).close()
        assert Mentorship.objects.create(program=program, mentor=mentor, mentee=UserFactory())

    def test_reopening_an_ended_mentorship_is_held_to_capacity(self, program):
        mentor = MentorFactory(mentee_capacity=1)
        ended = MentorshipFactory(program=program, mentor=mentor)
        ended.close()
        MentorshipFactory(program=program, mentor=mentor)
        with pytest.raises(IntegrityError), transaction.atomic():
            Mentorship.objects.filter(pk=ended.pk).update(ended_at=None)

    def test_moving_a_pair_to_a_full_mentor_is_refused(self, pair):
        full_mentor = MentorFactory(mentee_capacity=1)
        MentorshipFactory(mentor=full_mentor)
        with pytest.raises(IntegrityError), transaction.atomic():
            Mentorship.objects.filter(pk=pair.pk).update(mentor=full_mentor)

    def test_a_program_cannot_end_before_it_starts(self):
        today = timezone.localdate()
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgramFactory(starts_on=today, ends_on=today - datetime.timedelta(days=1))


class TestPhases:
    def test_a_new_mentorship_is_preparing(self, pair):
        assert pair.phase == Phase.PREPARING
        assert pair.phase_number == 1

    def test_it_moves_forward_one_phase_at_a_time(self, pair):
        pair.start_negotiating()
        pair.start_enabling()
        pair.start_closure()
        pair.refresh_from_db()
        assert pair.phase == Phase.CLOSURE
        assert pair.phase_number == 4

    def test_it_refuses_to_skip_a_phase(self, pair):
        with pytest.raises(PhaseTransitionError, match="from Negotiating"):
            pair.start_enabling()
        pair.refresh_from_db()
        assert pair.phase == Phase.PREPARING

    def test_it_refuses_to_go_back(self, pair):
        pair.start_negotiating()
        with pytest.raises(PhaseTransitionError):
            pair.start_negotiating()

    def test_a_closed_mentorship_is_read_only(self, pair):
        pair.close()
        assert not pair.is_open
        with pytest.raises(PhaseTransitionError, match="closed"):
            pair.start_negotiating()
        with pytest.raises(PhaseTransitionError, match="already closed"):
            pair.close()


class TestRoles:
    def test_role_of_says_which_role_each_member_has_in_the_pair(self, pair, mentee, mentor):
        assert pair.role_of(mentee) == Participant.Role.MENTEE
        assert pair.role_of(mentor) == Participant.Role.MENTOR

    def test_role_of_gives_no_role_to_coordinators_and_strangers(
        self, pair, coordinator, stranger
    ):
        assert pair.role_of(coordinator) is None
        assert pair.role_of(stranger) is None

    def test_a_member_of_one_pair_has_no_role_in_another(self, pair, mentee, program):
        assert MentorshipFactory(program=program).role_of(mentee) is None

    def test_roles_held_are_those_in_that_program_only(self, pair, mentee, mentor):
        other = ProgramFactory()
        enrol(other, mentee, Participant.Role.MENTOR)
        assert Participant.objects.roles_held(pair.program, [mentee, mentor]) == {
            (mentee.pk, Participant.Role.MENTEE),
            (mentor.pk, Participant.Role.MENTOR),
        }
        assert Participant.objects.roles_held(other, [mentee, mentor]) == {
            (mentee.pk, Participant.Role.MENTOR)
        }


class TestCreateMentorship:
    def test_it_pairs_enrolled_people(self, program, mentor, mentee):
        enrol(program, mentor, Participant.Role.MENTOR)
        enrol(program, mentee, Participant.Role.MENTEE)
        pair = create_mentorship(program=program, mentor=mentor, mentee=mentee)
        assert pair.phase == Phase.PREPARING
        assert pair.is_open

    def test_it_refuses_people_not_enrolled_in_their_role(self, program, mentor, mentee):
        enrol(program, mentor, Participant.Role.MENTEE)
        with pytest.raises(ValidationError) as error:
            create_mentorship(program=program, mentor=mentor, mentee=mentee)
        assert set(error.value.message_dict) == {"mentor", "mentee"}

    def test_it_explains_a_full_mentor(self, program, mentee):
        mentor = MentorFactory(mentee_capacity=0, full_name="Full Mentor")
        enrol(program, mentor, Participant.Role.MENTOR)
        enrol(program, mentee, Participant.Role.MENTEE)
        with pytest.raises(ValidationError) as error:
            create_mentorship(program=program, mentor=mentor, mentee=mentee)
        assert error.value.message_dict["mentor"] == [
            "Full Mentor has no room for another mentee at the moment."
        ]

    def test_it_explains_a_pair_that_is_already_open(self, pair):
        with pytest.raises(ValidationError, match="already have an open mentorship"):
            create_mentorship(program=pair.program, mentor=pair.mentor, mentee=pair.mentee)


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
        # session + user, the program, the page count, the page of pairs with their people
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
        # programs where I am still preparing
        with django_assert_max_num_queries(8):
            response = client.get(reverse("home"))
        assert response.status_code == 200


class TestGuidePage:
    def test_it_shows_what_mentoring_is_and_is_not(self, client, db):
        response = client.get(reverse("guide"))
        assert "Mentoring is not" in response.text
        assert "EFAP" in response.text
        for phase in Phase:
            assert phase.label in response.text


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writes")
def test_two_pairings_at_once_cannot_both_take_a_mentors_last_place():
    program = ProgramFactory()
    mentor = MentorFactory(mentee_capacity=1)
    mentees = UserFactory.create_batch(2)
    barrier = threading.Barrier(2)
    outcomes = []

    def pair_with(mentee):
        try:
            with transaction.atomic():
                barrier.wait()
                Mentorship.objects.create(program=program, mentor=mentor, mentee=mentee)
            outcomes.append("paired")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pair_with, args=[mentee]) for mentee in mentees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paired", "refused"]
    assert Mentorship.objects.filter(mentor=mentor).count() == 1


class TestAdmin:
    @pytest.fixture
    def staff(self, db):
        return UserFactory(is_staff=True, is_superuser=True)

    @pytest.mark.parametrize(
        "url_name",
        [
            "admin:programs_program_changelist",
            "admin:programs_mentorship_changelist",
            "admin:accounts_user_changelist",
            "admin:programs_program_add",
            "admin:programs_mentorship_add",
            "admin:accounts_user_add",
        ],
    )
    def test_staff_manage_programs_people_and_pairs(self, client_for, staff, pair, url_name):
        assert client_for(staff).get(reverse(url_name)).status_code == 200

    def test_the_pair_list_does_not_grow_in_queries(
        self, client_for, staff, program, django_assert_max_num_queries
    ):
        MentorshipFactory.create_batch(20, program=program)
        client = client_for(staff)
        # session + user, counts, the page of pairs with their people, the program filter
        with django_assert_max_num_queries(8):
            client.get(reverse("admin:programs_mentorship_changelist"))

    def test_pairing_explains_whom_the_program_lacks(self, client_for, staff, program):
        outsider, full_mentor = UserFactory(), MentorFactory(mentee_capacity=0)
        ParticipantFactory(program=program, user=full_mentor, role=Participant.Role.MENTOR)
        response = client_for(staff).post(
            reverse("admin:programs_mentorship_add"),
            {
                "program": program.pk,
                "mentor": full_mentor.pk,
                "mentee": outsider.pk,
                "phase": Phase.PREPARING,
                "started_at_0": "2026-11-01",
                "started_at_1": "09:00:00",
            },
        )
        assert response.status_code == 200
        assert "has no room for another mentee" in response.text
        assert f"{outsider} is not a mentee in {program}" in response.text
        assert not Mentorship.objects.exists()

    def test_non_staff_are_kept_out(self, client_for, coordinator):
        response = client_for(coordinator).get(reverse("admin:programs_mentorship_changelist"))
        assert response.status_code == 302
