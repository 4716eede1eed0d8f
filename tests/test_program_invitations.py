"""Invitations into a program: nobody joins without accepting, and coordinators cannot tell
whether an address they invite already has an account."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from mentoring.enrolment.models import ProgramInvitation
from mentoring.programs.models import Participant
from tests.factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "email,name,role,department\n"
PASSWORD = "a-long-new-passphrase-42"
SET_PASSWORD_LINK = re.compile(r"https?://\S+/password/reset/key/\S+")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what a request queued for after its commit: the emails."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def sam(db):
    """Someone who already uses the toolkit, in another program or none."""
    return UserFactory(email="sam@example.org", full_name="Sam Already", department="")


def upload(client, program, rows):
    url = reverse("enrolment:invite", args=[program.pk])
    csv_file = SimpleUploadedFile("people.csv", (HEADER + rows).encode(), "text/csv")
    return client.post(url, {"file": csv_file}, follow=True)


def invite(program, user, role=Participant.Role.MENTEE, **fields):
    return ProgramInvitation.objects.create(program=program, user=user, role=role, **fields)


def same_for_every_program(html: str, program) -> str:
    """The page with what differs from one request or program to the next taken out."""
    html = re.sub(r'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"', r'\1""', html)
    return html.replace(f"/programs/{program.pk}/", "/programs/N/")


class TestWhatTheCoordinatorSees:
    def test_an_existing_account_is_invited_not_enrolled(
        self, client_for, coordinator, program, sam, committed
    ):
        with committed():
            upload(client_for(coordinator), program, "sam@example.org,Sam,mentor,ICU\n")
        assert not Participant.objects.filter(user=sam).exists()
        invitation = sam.program_invitations.get()
        assert (invitation.program, invitation.role) == (program, "mentor")
        (message,) = mail.outbox
        assert message.to == [sam.email]
        assert message.subject == f"You are invited to {program.name} as a mentor"
        assert reverse("enrolment:invitations") in message.body
        assert "you join the program only if you accept" in message.body
        assert not SET_PASSWORD_LINK.search(message.body)

    def test_the_page_after_an_import_is_the_same_for_an_existing_and_a_new_address(
        self, client_for, coordinator, sam
    ):
        client = client_for(coordinator)
        pages = []
        for address in ["sam@example.org", "nobody.yet@example.org"]:
            program = ProgramFactory(name="Leaders", coordinators=[coordinator])
            response = upload(client, program, f"{address},Sam,mentee,ICU\n")
            assert "1 person invited to Leaders." in response.text
            pages.append(same_for_every_program(response.text, program))
        assert pages[0] == pages[1]

    def test_the_coordinator_sees_nobody_join_before_they_accept(
        self, client_for, coordinator, program, sam
    ):
        client = client_for(coordinator)
        upload(client, program, "sam@example.org,Sam,mentor,\nnew@example.org,Nia,mentor,\n")
        pairing = client.get(reverse("programs:new_pair", args=[program.pk]))
        assert "Sam Already" not in pairing.text and "Nia" not in pairing.text
        invite_page = client.get(reverse("enrolment:invite", args=[program.pk]))
        assert "2 people you invited have not accepted or declined yet" in invite_page.text

    def test_a_reminder_goes_to_everyone_who_has_not_answered_with_the_same_message(
        self, client_for, coordinator, program, sam, committed
    ):
        client = client_for(coordinator)
        upload(client, program, "sam@example.org,Sam,mentor,\nnew@example.org,Nia,mentee,\n")
        with committed():
            response = client.post(
                reverse("enrolment:resend_invitations", args=[program.pk]), follow=True
            )
        assert (
            "The invitation is on its way again to 2 people who have not answered yet."
            in response.text
        )
        by_recipient = {message.to[0]: message.body for message in mail.outbox}
        assert SET_PASSWORD_LINK.search(by_recipient["new@example.org"])
        assert not SET_PASSWORD_LINK.search(by_recipient["sam@example.org"])

    def test_someone_already_invited_is_refused_with_their_line(
        self, client_for, coordinator, program, sam
    ):
        invite(program, sam)
        response = upload(client_for(coordinator), program, "sam@example.org,Sam,mentee,\n")
        assert response.context["form"].errors["file"] == [
            "Line 2: sam@example.org is already invited as a mentee; to remind them, send the "
            "invitations again."
        ]
        assert ProgramInvitation.objects.count() == 1


class TestAnswering:
    def test_the_invited_person_sees_their_invitations_on_a_page_and_at_home(
        self, client_for, coordinator, program, sam
    ):
        invite(program, sam, Participant.Role.MENTOR, invited_by=coordinator)
        client = client_for(sam)
        for url in [reverse("enrolment:invitations"), reverse("home")]:
            text = client.get(url).text
            assert f"{program.name}, as a mentor" in text
            assert "Invited by Casey Coordinator" in text

    def test_accepting_makes_them_a_participant_and_fills_an_empty_department(
        self, client_for, program, sam
    ):
        invitation = invite(program, sam, department="Surgery")
        url = reverse("enrolment:accept_invitation", args=[invitation.pk])
        response = client_for(sam).post(url, follow=True)
        assert f"Welcome to {program.name}: you are now a mentee there." in response.text
        assert Participant.objects.filter(program=program, user=sam, role="mentee").exists()
        assert not ProgramInvitation.objects.exists()
        sam.refresh_from_db()
        assert sam.department == "Surgery"

    def test_accepting_keeps_a_department_they_chose(self, client_for, program, sam):
        sam.department = "Pharmacy"
        sam.save()
        invitation = invite(program, sam, department="Surgery")
        client_for(sam).post(reverse("enrolment:accept_invitation", args=[invitation.pk]))
        sam.refresh_from_db()
        assert sam.department == "Pharmacy"

    def test_declining_forgets_the_invitation(self, client_for, program, sam):
        invitation = invite(program, sam)
        url = reverse("enrolment:decline_invitation", args=[invitation.pk])
        response = client_for(sam).post(url, follow=True)
        assert f"You declined the invitation to {program.name}." in response.text
        assert not ProgramInvitation.objects.exists()
        assert not Participant.objects.exists()

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "mentee", "stranger"])
    def test_an_invitation_is_404_for_anyone_but_the_invited_person(
        self, request, client_for, program, sam, persona
    ):
        invitation = invite(program, sam)
        client = client_for(request.getfixturevalue(persona))
        for name in ["accept_invitation", "decline_invitation"]:
            url = reverse(f"enrolment:{name}", args=[invitation.pk])
            assert client.post(url).status_code == 404
        assert program.name not in client.get(reverse("enrolment:invitations")).text
        assert ProgramInvitation.objects.filter(pk=invitation.pk).exists()
        assert not Participant.objects.exists()

    def test_answers_only_accept_post(self, client_for, program, sam):
        invitation = invite(program, sam)
        client = client_for(sam)
        for name in ["accept_invitation", "decline_invitation"]:
            url = reverse(f"enrolment:{name}", args=[invitation.pk])
            assert client.get(url).status_code == 405
        assert ProgramInvitation.objects.filter(pk=invitation.pk).exists()

    def test_anonymous_visitors_are_asked_to_sign_in(self, client, program, sam):
        invitation = invite(program, sam)
        assert client.get(reverse("enrolment:invitations")).status_code == 302
        for name in ["accept_invitation", "decline_invitation"]:
            url = reverse(f"enrolment:{name}", args=[invitation.pk])
            assert client.post(url).status_code == 302
        assert ProgramInvitation.objects.filter(pk=invitation.pk).exists()

    @pytest.mark.parametrize("invitations", [1, 10])
    def test_the_page_keeps_its_query_count(
        self, client_for, sam, invitations, django_assert_max_num_queries
    ):
        for _ in range(invitations):
            invite(ProgramFactory(), sam, invited_by=UserFactory())
        client = client_for(sam)
        client.get(reverse("enrolment:invitations"))  # a first visit notes the sign-in time
        # session + user, the invitations with their programs and who sent them, and those to
        # coordinate a program
        with django_assert_max_num_queries(4):
            response = client.get(reverse("enrolment:invitations"))
        assert len(response.context["invitations"]) == invitations


def test_a_new_person_chooses_a_password_then_accepts(
    client, client_for, coordinator, program, committed
):
    with committed():
        upload(client_for(coordinator), program, "nia@example.org,Nia New,mentee,ICU\n")
    client.logout()
    (message,) = mail.outbox
    assert message.subject == f"You are invited to {program.name} as a mentee"
    page = client.get(SET_PASSWORD_LINK.search(message.body).group(), follow=True)
    client.post(page.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD})
    client.post(reverse("account_login"), {"login": "nia@example.org", "password": PASSWORD})
    nia = User.objects.get(email="nia@example.org")
    assert not Participant.objects.filter(user=nia).exists()
    invitation = nia.program_invitations.get()
    assert f"{program.name}, as a mentee" in client.get(reverse("home")).text
    client.post(reverse("enrolment:accept_invitation", args=[invitation.pk]))
    assert Participant.objects.filter(program=program, user=nia, role="mentee").exists()
