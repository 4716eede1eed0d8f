"""A program's people, for its coordinators (issue 11): the list, inviting one person by the
CSV import's rules, and removing someone, whose open pair closes with a reason."""

import pytest
from django.urls import reverse

from accounts.models import User
from mentoring.closure.models import Closure
from mentoring.enrolment.models import ProgramInvitation
from mentoring.enrolment.participant_views import PARTICIPANTS_PER_PAGE
from mentoring.preparation.models import MentorRequest
from mentoring.programs.models import Mentorship, Participant
from mentoring.programs.services import archive_program
from tests.factories import MeetingFactory, ParticipantFactory
from tests.helpers import PROGRAM_OUTSIDERS

pytestmark = pytest.mark.django_db


def url(name, program, *args):
    return reverse(f"enrolment:{name}", args=[program.pk, *args])


def person(**changes):
    data = {"name": "Ana Lopez", "email": "Ana.Lopez@example.org", "role": "mentee"}
    return data | {"department": "Surgery"} | changes


class TestTheList:
    def test_it_lists_the_programs_people_with_their_role(self, client_for, coordinator, pair):
        text = client_for(coordinator).get(url("participants", pair.program)).text
        for user in (pair.mentee, pair.mentor):
            assert user.email in text
        assert "Mentee" in text and "Mentor" in text

    @pytest.mark.parametrize("persona", PROGRAM_OUTSIDERS)
    def test_it_is_404_for_anyone_else(self, request, client_for, pair, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(url("participants", pair.program)).status_code == 404

    @pytest.mark.parametrize("count", [3, PARTICIPANTS_PER_PAGE + 5])
    def test_it_does_not_grow_with_the_program(
        self, client_for, coordinator, program, count, django_assert_max_num_queries
    ):
        ParticipantFactory.create_batch(count, program=program, role="mentee")
        client = client_for(coordinator)
        # session + user, the program (the access helper), the paginator's count, the page
        # of participants with their people
        with django_assert_max_num_queries(5):
            response = client.get(url("participants", program))
        assert len(response.context["page"].object_list) == min(count, PARTICIPANTS_PER_PAGE)


class TestInvitingOnePerson:
    @pytest.fixture
    def invite(self, client_for, coordinator, program, committed):
        def send(**changes):
            with committed():
                return client_for(coordinator).post(
                    url("invite_person", program), person(**changes)
                )

        return send

    def test_a_new_address_gets_an_account_and_an_invitation(self, invite, program, mailoutbox):
        response = invite()
        assert response["Location"] == url("participants", program)
        ana = User.objects.get(email="ana.lopez@example.org")
        assert (ana.full_name, ana.department, ana.has_usable_password()) == (
            "Ana Lopez",
            "Surgery",
            False,
        )
        invitation = ProgramInvitation.objects.get(program=program, user=ana)
        assert invitation.role == "mentee"
        [email] = mailoutbox
        assert email.to == ["ana.lopez@example.org"]
        assert "choose your password" in email.body
        # Invited is not enrolled: they join when they accept.
        assert not Participant.objects.filter(program=program, user=ana).exists()

    def test_an_existing_account_is_invited_in_the_same_words(
        self, invite, client_for, coordinator, program, stranger, mailoutbox
    ):
        def said(response, name):
            page = client_for(coordinator).get(response["Location"])
            return [str(m).replace(name, "NAME") for m in page.context["messages"]]

        new = said(invite(), "Ana Lopez")
        known = said(invite(email=stranger.email, name="Stan S."), "Stan S.")
        assert new == known
        # Their profile stays theirs: the typed name does not replace theirs.
        stranger.refresh_from_db()
        assert stranger.full_name == "Stan Stranger"
        assert ProgramInvitation.objects.filter(program=program, user=stranger).exists()
        assert len(mailoutbox) == 2

    @pytest.mark.parametrize(
        "changes, field",
        [
            ({"email": "not-an-address"}, "email"),
            ({"name": ""}, "name"),
            ({"name": "Ana\nLopez"}, "name"),
            ({"role": "boss"}, "role"),
            ({"department": "x" * 300}, "department"),
        ],
    )
    def test_a_mistake_is_shown_by_its_field(self, invite, changes, field, mailoutbox):
        response = invite(**changes)
        assert response.status_code == 400
        assert list(response.context["form"].errors) == [field]
        assert 'value="Surgery"' in response.text or field == "department"
        assert not ProgramInvitation.objects.exists()
        assert mailoutbox == []

    def test_someone_already_in_the_program_or_invited_is_refused(
        self, invite, pair, program, mentee
    ):
        response = invite(email=mentee.email.upper())
        assert response.context["form"].errors["email"] == [
            f"{mentee.email} is already a mentee in this program."
        ]
        assert invite().status_code == 302
        response = invite()
        assert "already invited as a mentee" in response.context["form"].errors["email"][0]

    @pytest.mark.parametrize("persona", PROGRAM_OUTSIDERS)
    def test_it_is_404_for_anyone_else(self, request, client_for, program, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.post(url("invite_person", program), person()).status_code == 404
        assert not ProgramInvitation.objects.exists()


class TestRemovingTakesBackWaitingRequests:
    def test_a_removed_mentors_waiting_requests_are_declined_so_the_mentee_asks_another(
        self, client_for, coordinator, mentor_request, mentor
    ):
        role = Participant.objects.get(program=mentor_request.program, user=mentor, role="mentor")
        client_for(coordinator).post(
            url("remove_participant", mentor_request.program, role.pk), {"confirm": "on"}
        )
        mentor_request.refresh_from_db()
        assert mentor_request.status == MentorRequest.Status.DECLINED

    def test_a_removed_mentees_waiting_requests_are_withdrawn(
        self, client_for, coordinator, mentor_request, mentee
    ):
        role = Participant.objects.get(program=mentor_request.program, user=mentee, role="mentee")
        client_for(coordinator).post(
            url("remove_participant", mentor_request.program, role.pk), {"confirm": "on"}
        )
        mentor_request.refresh_from_db()
        assert mentor_request.status == MentorRequest.Status.WITHDRAWN


class TestRemoving:
    @pytest.fixture
    def mentee_role(self, pair, mentee):
        return Participant.objects.get(program=pair.program, user=mentee, role="mentee")

    def test_it_asks_for_confirmation_first(self, client_for, coordinator, pair, mentee_role):
        client = client_for(coordinator)
        page = client.get(url("remove_participant", pair.program, mentee_role.pk))
        assert page.status_code == 200
        assert pair.get_absolute_url() in page.text
        response = client.post(
            url("remove_participant", pair.program, mentee_role.pk), {"reason": "other"}
        )
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert errors["confirm"] == ["Tick the box to confirm you mean to remove them."]
        assert errors["reason_other"] == ["Say what the other reason is."]
        assert Participant.objects.filter(pk=mentee_role.pk).exists()
        assert Mentorship.objects.get(pk=pair.pk).is_open

    def test_their_open_pair_closes_with_the_reason_and_nothing_is_deleted(
        self, client_for, coordinator, pair, mentee_role, mentee, mentor, committed, mailoutbox
    ):
        meeting = MeetingFactory(mentorship=pair, notes="What we said")
        with committed():
            response = client_for(coordinator).post(
                url("remove_participant", pair.program, mentee_role.pk),
                {"reason": "circumstances_changed", "confirm": "on"},
            )
        assert response["Location"] == url("participants", pair.program)
        pair.refresh_from_db()
        assert not pair.is_open
        closure = Closure.objects.get(mentorship=pair)
        assert (closure.status, closure.reason, closure.proposed_by) == (
            Closure.Status.BY_COORDINATOR,
            "circumstances_changed",
            coordinator,
        )
        assert not Participant.objects.filter(pk=mentee_role.pk).exists()
        # The mentor stays; the pair and what was written in it stay for its members.
        assert Participant.objects.filter(program=pair.program, user=mentor).exists()
        meeting.refresh_from_db()
        assert meeting.notes == "What we said"
        assert client_for(mentee).get(pair.get_absolute_url()).status_code == 200
        assert sorted(email.to[0] for email in mailoutbox) == sorted([mentee.email, mentor.email])

    def test_someone_without_an_open_pair_needs_no_reason(self, client_for, coordinator, program):
        role = ParticipantFactory(program=program, role="mentor")
        client = client_for(coordinator)
        response = client.post(url("remove_participant", program, role.pk), {"confirm": "on"})
        assert response.status_code == 302
        assert not Participant.objects.filter(pk=role.pk).exists()
        assert not Closure.objects.exists()

    def test_an_archived_program_keeps_its_people(
        self, client_for, coordinator, pair, mentee_role
    ):
        pair.close()
        archive_program(program=pair.program)
        response = client_for(coordinator).post(
            url("remove_participant", pair.program, mentee_role.pk), {"confirm": "on"}
        )
        assert "is archived" in response.text
        assert Participant.objects.filter(pk=mentee_role.pk).exists()

    @pytest.mark.parametrize("persona", PROGRAM_OUTSIDERS)
    def test_it_is_404_for_anyone_else(self, request, client_for, pair, mentee_role, persona):
        client = client_for(request.getfixturevalue(persona))
        remove = url("remove_participant", pair.program, mentee_role.pk)
        assert client.get(remove).status_code == 404
        data = {"reason": "goals_achieved", "confirm": "on"}
        assert client.post(remove, data).status_code == 404
        assert Mentorship.objects.get(pk=pair.pk).is_open

    def test_a_participant_of_another_program_is_a_404(
        self, client_for, coordinator, program, other_coordinator
    ):
        elsewhere = ParticipantFactory(program=other_coordinator.coordinated_programs.get())
        response = client_for(coordinator).get(url("remove_participant", program, elsewhere.pk))
        assert response.status_code == 404
