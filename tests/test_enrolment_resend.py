"""Enrolment: sending the invitation again to those who have not answered it."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from mentoring.enrolment.services import accept_invitation
from mentoring.programs.models import Participant
from tests.factories import MentorFactory, ParticipantFactory
from tests.helpers import CSV_HEADER, PROGRAM_OUTSIDERS, as_persona, csv_file

pytestmark = pytest.mark.django_db


class TestResendInvitations:
    """An invitation lost on the way, or whose link expired, can be sent again."""

    def url(self, program):
        return reverse("enrolment:resend_invitations", args=[program.pk])

    @pytest.fixture
    def invited(self, client_for, coordinator, program, django_capture_on_commit_callbacks):
        content = CSV_HEADER + "nia@example.org,Nia New,mentee,\nned@example.org,Ned New,mentor,\n"
        with django_capture_on_commit_callbacks(execute=True):
            client_for(coordinator).post(
                reverse("enrolment:invite", args=[program.pk]), {"file": csv_file(content)}
            )
        member = MentorFactory(email="sam@example.org")
        ParticipantFactory(program=program, user=member, role=Participant.Role.MENTOR)
        ned = User.objects.get(email="ned@example.org")
        ned.set_password("a-long-new-passphrase-42")
        ned.save()
        accept_invitation(invitation=ned.program_invitations.get())
        mail.outbox.clear()

    def test_the_invite_page_says_who_has_not_answered(
        self, client_for, coordinator, program, invited
    ):
        page = client_for(coordinator).get(reverse("enrolment:invite", args=[program.pk]))
        assert "1 person you invited has not accepted or declined yet" in page.text

    def test_only_those_who_have_not_answered_get_a_new_link(
        self, client_for, coordinator, program, invited, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(coordinator).post(self.url(program), follow=True)
        assert "The invitation is on its way again to 1 person" in response.text
        (message,) = mail.outbox
        assert message.to == ["nia@example.org"]
        assert "/accounts/password/reset/key/" in message.body

    def test_it_takes_a_post(self, client_for, coordinator, program, invited):
        assert client_for(coordinator).get(self.url(program)).status_code == 405
        assert mail.outbox == []

    @pytest.mark.parametrize("persona", PROGRAM_OUTSIDERS)
    def test_it_is_404_for_anyone_but_the_programs_coordinators(
        self, request, program, invited, persona, django_capture_on_commit_callbacks
    ):
        _, client = as_persona(request, persona)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(self.url(program)).status_code == 404
        assert mail.outbox == []
