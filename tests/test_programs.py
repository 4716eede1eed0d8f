"""Programs and pairs: the rules the database keeps, phases, roles, creating a pair, the admin."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.programs.models import Mentorship, Participant, Phase, PhaseTransitionError
from mentoring.programs.services import create_mentorship
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
        # session + user, counts, the page of pairs with their people, the program filter; the
        # first admin page of a sign-in is logged (its row, and the session noting it)
        with django_assert_max_num_queries(10):
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
