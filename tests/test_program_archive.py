"""Archiving a program that is over (issue 11): only once its pairs are closed; read-only from
then on, still reported on, and listed apart from the programs in progress."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.enrolment import services as enrolment_services
from mentoring.enrolment.models import JoinLink, ProgramInvitation
from mentoring.preparation import services as preparation_services
from mentoring.programs.models import Participant
from mentoring.programs.services import archive_program, create_mentorship
from tests.factories import MentorFactory, MentorshipFactory, ParticipantFactory, ProgramFactory
from tests.helpers import CSV_HEADER, csv_file

pytestmark = pytest.mark.django_db

ARCHIVED = reverse("programs:archived_programs")


def archive_url(program):
    return reverse("programs:archive", args=[program.pk])


@pytest.fixture
def archived(program, pair):
    """The program, its one pair closed, archived."""
    pair.close()
    archive_program(program=program)
    program.refresh_from_db()
    return program


class TestArchiving:
    def test_it_waits_until_every_pair_is_closed(self, client_for, coordinator, program, pair):
        response = client_for(coordinator).post(archive_url(program), follow=True)
        assert "still has 1 open pair" in response.text
        program.refresh_from_db()
        assert not program.is_archived

    def test_the_program_page_says_what_is_left_to_close(self, client_for, coordinator, pair):
        text = client_for(coordinator).get(pair.program.get_absolute_url()).text
        assert "It still has 1 open pair" in text
        assert archive_url(pair.program) not in text

    def test_a_coordinator_archives_it_once_its_pairs_are_closed(
        self, client_for, coordinator, program, pair
    ):
        pair.close()
        client = client_for(coordinator)
        assert archive_url(program) in client.get(program.get_absolute_url()).text
        response = client.post(archive_url(program), follow=True)
        assert "is archived: it is read-only now" in response.text
        program.refresh_from_db()
        assert program.is_archived
        response = client.post(archive_url(program), follow=True)
        assert "archived already" in response.text

    @pytest.mark.parametrize("persona", ["other_coordinator", "stranger", "mentee", "mentor"])
    def test_only_its_coordinators_may(self, request, client_for, program, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.post(archive_url(program)).status_code == 404
        program.refresh_from_db()
        assert not program.is_archived


class TestReadOnly:
    def test_its_page_offers_no_change(self, client_for, coordinator, archived):
        text = client_for(coordinator).get(archived.get_absolute_url()).text
        assert "this program is read-only" in text
        for name in ["programs:edit_program", "programs:new_pair", "enrolment:invite"]:
            assert reverse(name, args=[archived.pk]) not in text

    def test_it_takes_no_new_pair(self, client_for, coordinator, archived):
        mentor = MentorFactory()
        ParticipantFactory(program=archived, user=mentor, role="mentor")
        mentee = ParticipantFactory(program=archived, role="mentee").user
        with pytest.raises(ValidationError, match="is archived"):
            create_mentorship(program=archived, mentor=mentor, mentee=mentee)
        response = client_for(coordinator).get(reverse("programs:new_pair", args=[archived.pk]))
        assert response["Location"] == archived.get_absolute_url()

    def test_it_takes_no_mentor_request(self, archived, mentee, mentor):
        with pytest.raises(ValidationError, match="is archived"):
            preparation_services.check_can_ask(program=archived, mentee=mentee, mentor=mentor)

    def test_it_takes_no_invitation(self, client_for, coordinator, archived):
        upload = csv_file(CSV_HEADER + "new.person@example.org,New Person,mentee,\n")
        url = reverse("enrolment:invite", args=[archived.pk])
        response = client_for(coordinator).post(url, {"file": upload})
        assert "is archived" in response.text
        assert not ProgramInvitation.objects.filter(program=archived).exists()

    def test_an_invitation_sent_before_can_no_longer_be_accepted(
        self, client_for, coordinator, program, pair, stranger
    ):
        invitation = ProgramInvitation.objects.create(
            program=program, user=stranger, role="mentee", invited_by=coordinator
        )
        pair.close()
        program = archive_program(program=program)
        url = reverse("enrolment:accept_invitation", args=[invitation.pk])
        response = client_for(stranger).post(url, follow=True)
        assert "is archived" in response.text
        assert not Participant.objects.filter(program=program, user=stranger).exists()
        with pytest.raises(ValidationError):
            enrolment_services.resend_invitations(program=program)

    def test_it_is_no_longer_edited(self, client_for, coordinator, archived):
        url = reverse("programs:edit_program", args=[archived.pk])
        response = client_for(coordinator).post(url, {"name": "Renamed"})
        assert response["Location"] == archived.get_absolute_url()
        archived.refresh_from_db()
        assert archived.name != "Renamed"

    def test_its_dashboard_and_export_still_work(self, client_for, coordinator, archived, pair):
        client = client_for(coordinator)
        assert client.get(reverse("dashboard:program", args=[archived.pk])).status_code == 200
        response = client.get(reverse("dashboard:export", args=[archived.pk]))
        assert response.status_code == 200
        assert pair.mentee.full_name in b"".join(response.streaming_content).decode()

    def test_its_pairs_stay_readable_by_their_members(self, client_for, archived, pair, mentee):
        assert client_for(mentee).get(pair.get_absolute_url()).status_code == 200


class TestListedApart:
    def test_home_lists_it_apart(self, client_for, coordinator, archived):
        running = ProgramFactory(coordinators=[coordinator], name="Still running")
        text = client_for(coordinator).get(reverse("home")).text
        assert running.get_absolute_url() in text
        assert archived.get_absolute_url() not in text
        assert ARCHIVED in text
        text = client_for(coordinator).get(ARCHIVED).text
        assert archived.get_absolute_url() in text
        assert running.get_absolute_url() not in text

    def test_home_links_to_them_when_every_program_is_archived(
        self, client_for, coordinator, archived
    ):
        assert ARCHIVED in client_for(coordinator).get(reverse("home")).text

    def test_nobody_else_sees_them(self, client_for, archived, other_coordinator, mentee):
        for user in (other_coordinator, mentee):
            text = client_for(user).get(ARCHIVED).text
            assert archived.get_absolute_url() not in text
            assert ARCHIVED not in client_for(user).get(reverse("home")).text

    @pytest.mark.parametrize("count", [1, 12])
    def test_the_list_does_not_grow_with_it(
        self, client_for, coordinator, count, django_assert_max_num_queries
    ):
        for _ in range(count):
            program = ProgramFactory(coordinators=[coordinator])
            MentorshipFactory(program=program).close()
            archive_program(program=program)
        client = client_for(coordinator)
        # session + user, the count for the paginator, the page of programs
        with django_assert_max_num_queries(4):
            response = client.get(ARCHIVED)
        assert len(response.context["page"].object_list) == count


def test_an_archived_program_gets_no_join_link_and_keeps_its_settings(client_for, coordinator):
    program = ProgramFactory(coordinators=[coordinator], archived_at=timezone.now())
    client = client_for(coordinator)
    data = {"works_until": "", "domains": "", "needs_approval": ""}
    client.post(reverse("enrolment:join_link", args=[program.pk]), data)
    assert not JoinLink.objects.filter(program=program).exists()
    client.post(
        reverse("enrolment:approval_setting", args=[program.pk]), {"requires_approval": "on"}
    )
    program.refresh_from_db()
    assert not program.requires_approval
