"""Enrolment and matching: bulk invites by CSV, coordinators approving requests, suggestions."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentoring.enrolment import csv_import
from mentoring.enrolment.matching import suggest_mentors
from mentoring.enrolment.models import ProgramInvitation
from mentoring.enrolment.services import accept_invitation, invite_participants
from mentoring.preparation import services as preparation
from mentoring.preparation.models import MentorRequest
from mentoring.programs.models import Mentorship, Participant
from tests.factories import (
    MentorFactory,
    MentorRequestFactory,
    MentorshipFactory,
    ParticipantFactory,
    UserFactory,
)
from tests.helpers import as_persona

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_coordinator", "mentee", "mentor", "stranger"]
HEADER = "email,name,role,department\n"


def csv_file(content: str | bytes, name="people.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def people_before(db):
    """What exists before an upload, to prove a refused one left nothing behind."""

    def counts():
        return User.objects.count(), Participant.objects.count(), EmailAddress.objects.count()

    return counts


class TestInvitePage:
    def url(self, program):
        return reverse("enrolment:invite", args=[program.pk])

    def upload(self, client, program, content):
        return client.post(self.url(program), {"file": csv_file(content)}, follow=True)

    def test_it_shows_the_format_and_an_example_to_download(
        self, client_for, coordinator, program
    ):
        response = client_for(coordinator).get(self.url(program))
        assert response.status_code == 200
        assert "<code>email,name,role,department</code>" in response.text
        assert reverse("enrolment:invite_example", args=[program.pk]) in response.text

    def test_the_example_file_imports_as_it_is(
        self, client_for, coordinator, program, mailoutbox, django_capture_on_commit_callbacks
    ):
        client = client_for(coordinator)
        example = client.get(reverse("enrolment:invite_example", args=[program.pk]))
        assert example["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in example["Content-Disposition"]
        with django_capture_on_commit_callbacks(execute=True):
            response = self.upload(client, program, example.content)
        assert "3 people invited" in response.text
        assert program.invitations.count() == 3
        assert len(mailoutbox) == 3

    def test_a_clean_file_imports_everyone_and_sends_invitations(
        self, client_for, coordinator, program, mailoutbox, django_capture_on_commit_callbacks
    ):
        existing = UserFactory(
            email="Sam.Okafor@example.org", full_name="Dr Sam Okafor", department=""
        )
        content = (
            "\ufeff Email , NAME,Role,Department\r\n"
            "ana.lopez@example.org,Ana López,mentee,Surgery\r\n"
            "\r\n"
            "sam.okafor@example.org,Sam Okafor,MENTOR,Emergency\r\n"
            '"lee.chen@example.org","Chen, Lee",mentor,\r\n'
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = self.upload(client_for(coordinator), program, content.encode("utf-8"))
        assert response.status_code == 200
        assert (
            f"3 people invited to {program.name}. They join the program when they accept the "
            "invitation we email them."
        ) in response.text

        ana = User.objects.get(email="ana.lopez@example.org")
        assert (ana.full_name, ana.department) == ("Ana López", "Surgery")
        assert not ana.has_usable_password()
        assert EmailAddress.objects.get(user=ana).verified is False
        lee = User.objects.get(email="lee.chen@example.org")
        assert (lee.full_name, lee.department) == ("Chen, Lee", "")
        assert set(program.invitations.values_list("user__email", "role")) == {
            ("ana.lopez@example.org", "mentee"),
            ("Sam.Okafor@example.org", "mentor"),
            ("lee.chen@example.org", "mentor"),
        }
        assert not program.participants.exists()  # nobody joins before accepting
        existing.refresh_from_db()
        assert (existing.full_name, existing.department) == ("Dr Sam Okafor", "")
        accept_invitation(invitation=existing.program_invitations.get())
        existing.refresh_from_db()
        assert existing.full_name == "Dr Sam Okafor"  # their own name is kept
        assert existing.department == "Emergency"  # an empty department is filled in

        by_recipient = {message.to[0]: message for message in mailoutbox}
        assert set(by_recipient) == {
            "ana.lopez@example.org",
            "lee.chen@example.org",
            "Sam.Okafor@example.org",
        }
        invitation = by_recipient["ana.lopez@example.org"]
        assert invitation.subject == f"You are invited to {program.name} as a mentee"
        assert "Casey Coordinator invited you" in invitation.body
        assert "/accounts/password/reset/key/" in invitation.body
        existing_account = by_recipient["Sam.Okafor@example.org"]
        assert existing_account.subject == f"You are invited to {program.name} as a mentor"
        assert "/password/reset/key/" not in existing_account.body
        assert reverse("enrolment:invitations") in existing_account.body

    def test_an_existing_person_may_join_in_their_other_role(
        self, client_for, coordinator, program
    ):
        mentor = MentorFactory(email="sam@example.org")
        ParticipantFactory(program=program, user=mentor, role=Participant.Role.MENTOR)
        response = self.upload(
            client_for(coordinator), program, HEADER + "sam@example.org,Sam,mentee,\n"
        )
        assert "1 person invited" in response.text
        accept_invitation(invitation=mentor.program_invitations.get())
        assert program.participants.filter(user=mentor).count() == 2

    def test_the_invitation_link_lets_the_person_set_a_password_and_sign_in(
        self,
        client,
        client_for,
        coordinator,
        program,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            self.upload(
                client_for(coordinator), program, HEADER + "new@example.org,Nia New,mentee,ICU\n"
            )
        client.logout()
        url = re.search(r"https?://\S+/password/reset/key/\S+", mailoutbox[0].body).group()
        page = client.get(url, follow=True)
        assert page.status_code == 200
        assert 'name="password1"' in page.text
        new_password = "a-long-new-passphrase-42"
        client.post(
            page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
        )
        nia = User.objects.get(email="new@example.org")
        assert nia.check_password(new_password)
        assert EmailAddress.objects.get(user=nia).verified

        signed_in = client.post(
            reverse("account_login"),
            {"login": "new@example.org", "password": new_password},
            follow=True,
        )
        assert signed_in.context["user"] == nia
        assert "Nia New" in client.get(reverse("home")).text
        # The link is spent once used.
        assert 'name="password1"' not in client.get(url, follow=True).text

    def test_one_bad_row_imports_nothing_and_names_the_line(
        self, client_for, coordinator, program, people_before, mailoutbox
    ):
        before = people_before()
        content = (
            HEADER
            + "ana@example.org,Ana,mentee,Surgery\n"
            + "bob@example,Bob,mentor,Pharmacy\n"
            + "cy@example.org,Cy,mentee,ICU\n"
        )
        response = self.upload(client_for(coordinator), program, content)
        assert response.status_code == 200
        assert "Nothing was imported" in response.text
        assert "Line 3: “bob@example” is not a valid email address." in response.text
        assert "Line 2" not in response.text and "Line 4" not in response.text
        assert people_before() == before
        assert not mailoutbox

    def test_every_bad_row_is_reported_at_once(self, client_for, coordinator, program):
        content = (
            HEADER
            + "ana@example.org,,mentee,Surgery\n"
            + "ana@example.org,Ana,boss,Surgery\n"
            + ",Nobody,mentor,\n"
            + "ok@example.org,Ok,mentor\n"
        )
        response = self.upload(client_for(coordinator), program, content)
        messages = response.context["form"].errors["file"]
        assert messages == [
            "Line 2: the name is empty.",
            "Line 3: the role is “boss”; write mentee or mentor; "
            "ana@example.org is already on line 2.",
            "Line 4: the email address is empty.",
            "Line 5: it has 3 values; the first line names 4.",
        ]

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            pytest.param(
                "email,name,role\nana@example.org,Ana,mentee\n",
                "The first line must name the columns email, name, role, department "
                "(in any order); missing: department.",
                id="missing column",
            ),
            pytest.param(
                "email,name,role,dept,phone\n",
                "missing: department; not expected: dept, phone.",
                id="unexpected columns",
            ),
            pytest.param(
                "email,name,role,department,email\n",
                "named twice: email.",
                id="doubled column",
            ),
            pytest.param(
                HEADER.strip() + "," + ",".join(f"extra{n}" for n in range(10_000)) + "\n",
                "not expected: extra0, extra1, extra2, extra3, extra4 and 9995 more.",
                id="thousands of stray columns",
            ),
            pytest.param(
                "email;name;role;department\nana@example.org;Ana;mentee;ICU\n",
                "The columns are separated by semicolons or tabs",
                id="semicolons",
            ),
            pytest.param(
                HEADER + "ana@example,Ana,mentee,ICU\n",
                "Line 2: “ana@example” is not a valid email address.",
                id="bad email",
            ),
            pytest.param(
                HEADER + "ana@example.org,Ana,mentee,ICU\nANA@example.org,Ana L,mentor,ICU\n",
                "Line 3: ana@example.org is already on line 2.",
                id="duplicate in the file",
            ),
            pytest.param(
                HEADER + "ana@example.org,Ana,coach,ICU\n",
                "Line 2: the role is “coach”; write mentee or mentor.",
                id="unknown role",
            ),
            pytest.param(
                HEADER + f"ana@example.org,{'A' * 151},mentee,ICU\n",
                "Line 2: the name is longer than 150 characters.",
                id="long name",
            ),
            pytest.param(
                HEADER.encode() + "josé@example.org,José,mentee,ICU\n".encode("latin-1"),
                "The file is not UTF-8 text (the bytes at position 31 cannot be read)",
                id="not UTF-8",
            ),
            pytest.param(b"", "The submitted file is empty.", id="empty file"),
            pytest.param(b"\n \n", "The file is empty.", id="blank lines"),
            pytest.param(HEADER, "lists nobody", id="header only"),
            pytest.param('"",""\n', "The file is empty.", id="empty values only"),
            pytest.param(
                bytes(range(256)) * 40,
                "This is not a CSV file: it holds binary data.",
                id="binary garbage",
            ),
            pytest.param(
                b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U\xe3\x98",
                "This is not a CSV file: it holds binary data.",
                id="a spreadsheet",
            ),
            pytest.param(
                HEADER + 'ana@example.org,"Ana,mentee,ICU\n' + "x" * 140_000,
                "Line 2: it could not be read as CSV (field larger than field limit",
                id="unclosed quote",
            ),
        ],
    )
    def test_malformed_files_are_explained_and_import_nothing(
        self, client_for, coordinator, program, people_before, mailoutbox, content, message
    ):
        before = people_before()
        response = self.upload(client_for(coordinator), program, content)
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors["file"])
        assert message in errors
        assert 'id="error_1_id_file"' in response.text
        assert people_before() == before
        assert not mailoutbox

    def test_a_person_already_in_the_program_in_that_role_is_refused(
        self, client_for, coordinator, program, mentee, people_before
    ):
        ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
        before = people_before()
        content = HEADER + "new@example.org,New,mentee,\n" + f"{mentee.email.upper()},M,mentee,\n"
        response = self.upload(client_for(coordinator), program, content)
        assert (
            f"Line 3: {mentee.email} is already a mentee in this program."
            in response.context["form"].errors["file"]
        )
        assert people_before() == before

    def test_a_50_mb_file_is_refused_before_it_is_read(
        self, client_for, coordinator, program, people_before
    ):
        before = people_before()
        huge = HEADER.encode() + b"a" * (50 * 1024 * 1024)
        response = self.upload(client_for(coordinator), program, huge)
        assert response.status_code == 200
        assert (
            "The file is 50.0\xa0MB; files of up to 2.0\xa0MB (5,000 people) are accepted."
            in response.context["form"].errors["file"][0]
        )
        assert people_before() == before

    def test_too_many_people_are_refused(
        self, client_for, coordinator, program, people_before, monkeypatch
    ):
        monkeypatch.setattr(csv_import, "MAX_PEOPLE", 2)
        before = people_before()
        content = HEADER + "".join(f"p{n}@example.org,P{n},mentee,\n" for n in range(3))
        response = self.upload(client_for(coordinator), program, content)
        assert "The file lists more than 2 people." in response.text
        assert people_before() == before

    def test_a_long_list_of_problems_is_cut_short(self, client_for, coordinator, program):
        content = HEADER + "".join(f"bad{n},P{n},mentee,\n" for n in range(150))
        errors = self.upload(client_for(coordinator), program, content).context["form"].errors
        assert len(errors["file"]) == 101
        assert errors["file"][-1] == "… and 50 more lines with problems."

    def test_no_file_is_a_field_error(self, client_for, coordinator, program):
        response = client_for(coordinator).post(self.url(program), {})
        assert response.context["form"].errors == {"file": ["This field is required."]}

    def test_a_person_enrolled_meanwhile_makes_the_whole_import_fail_cleanly(
        self, coordinator, program, people_before
    ):
        invitees = csv_import.read_invitees(
            csv_file(HEADER + "new@example.org,New,mentee,\nsam@example.org,Sam,mentor,\n"),
            program=program,
        )
        sam = UserFactory(email="sam@example.org")
        ProgramInvitation.objects.create(program=program, user=sam, role=Participant.Role.MENTOR)
        before = people_before()
        with pytest.raises(ValidationError, match="nothing was imported"):
            invite_participants(program=program, invitees=invitees, invited_by=coordinator)
        assert people_before() == before

    @pytest.mark.parametrize("persona", OUTSIDERS)
    def test_it_is_404_for_anyone_but_the_programs_coordinators(
        self, request, program, persona, people_before
    ):
        _, client = as_persona(request, persona)
        before = people_before()
        assert client.get(self.url(program)).status_code == 404
        assert (
            client.get(reverse("enrolment:invite_example", args=[program.pk])).status_code == 404
        )
        response = client.post(
            self.url(program), {"file": csv_file(HEADER + "a@b.org,A,mentee,\n")}
        )
        assert response.status_code == 404
        assert people_before() == before

    def test_anonymous_visitors_are_asked_to_sign_in(self, client, program):
        assert client.get(self.url(program)).status_code == 302


class TestResendInvitations:
    """An invitation lost on the way, or whose link expired, can be sent again."""

    def url(self, program):
        return reverse("enrolment:resend_invitations", args=[program.pk])

    @pytest.fixture
    def invited(self, client_for, coordinator, program, django_capture_on_commit_callbacks):
        content = HEADER + "nia@example.org,Nia New,mentee,\nned@example.org,Ned New,mentor,\n"
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

    @pytest.mark.parametrize("persona", OUTSIDERS)
    def test_it_is_404_for_anyone_but_the_programs_coordinators(
        self, request, program, invited, persona, django_capture_on_commit_callbacks
    ):
        _, client = as_persona(request, persona)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(self.url(program)).status_code == 404
        assert mail.outbox == []


@pytest.fixture
def approving(program, mentee, mentor):
    """A program whose coordinators approve requests, with the mentee and mentor enrolled."""
    program.requires_approval = True
    program.save()
    ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
    ParticipantFactory(program=program, user=mentor, role=Participant.Role.MENTOR)
    return program


@pytest.fixture
def awaiting(approving, mentee, mentor):
    return MentorRequestFactory(
        program=approving,
        mentee=mentee,
        mentor=mentor,
        status=MentorRequest.Status.AWAITING_APPROVAL,
        why_this_mentor="PRIVATE-why-you-7731",
        hoped_outcome="PRIVATE-hope-7732",
        meeting_frequency="PRIVATE-often-7733",
    )


ASK = {
    "why_this_mentor": "You turned the ward around.",
    "hoped_outcome": "Lead my own unit.",
    "meeting_frequency": "Every two weeks",
}


class TestApproval:
    def ask(self, client, program, mentor):
        url = reverse("preparation:ask_mentor", args=[program.pk, mentor.pk])
        return client.post(url, ASK, follow=True)

    def test_without_approval_requests_go_straight_to_the_mentor(
        self, client_for, program, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
        ParticipantFactory(program=program, user=mentor, role=Participant.Role.MENTOR)
        with django_capture_on_commit_callbacks(execute=True):
            self.ask(client_for(mentee), program, mentor)
        assert MentorRequest.objects.get().status == "pending"
        assert [message.to for message in mailoutbox] == [[mentor.email]]

    def test_with_approval_but_no_coordinator_requests_go_straight_to_the_mentor(
        self, client_for, approving, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        approving.coordinators.clear()
        with django_capture_on_commit_callbacks(execute=True):
            self.ask(client_for(mentee), approving, mentor)
        assert MentorRequest.objects.get().status == "pending"
        assert [message.to for message in mailoutbox] == [[mentor.email]]

    def test_with_approval_the_request_goes_to_the_coordinators_first(
        self,
        client_for,
        approving,
        mentee,
        mentor,
        coordinator,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        second = UserFactory(full_name="Second Coordinator")
        approving.coordinators.add(second)
        client = client_for(mentee)
        ask_page = client.get(reverse("preparation:ask_mentor", args=[approving.pk, mentor.pk]))
        assert "the coordinators approve requests first" in ask_page.text
        with django_capture_on_commit_callbacks(execute=True):
            response = self.ask(client, approving, mentor)
        sent = MentorRequest.objects.get()
        assert sent.status == "awaiting_approval"
        assert "Your request goes first to the coordinators" in response.text
        [email] = mailoutbox
        assert sorted(email.to) == sorted([coordinator.email, second.email])
        assert "approval needed" in email.subject
        assert reverse("enrolment:requests", args=[approving.pk]) in email.body
        assert ASK["why_this_mentor"] not in email.body
        assert "waiting for the coordinators' approval" in client.get(reverse("home")).text

    def test_the_mentor_does_not_see_a_request_before_approval(self, client_for, awaiting, mentor):
        client = client_for(mentor)
        assert client.get(awaiting.get_absolute_url()).status_code == 404
        assert "Mina Mentee" not in client.get(reverse("preparation:received_requests")).text
        assert "Requests to mentor you" not in client.get(reverse("home")).text
        accept = reverse("preparation:accept_request", args=[awaiting.pk])
        assert client.post(accept).status_code == 404

    def test_the_mentee_may_withdraw_while_waiting_for_approval(
        self, client_for, awaiting, mentee
    ):
        client = client_for(mentee)
        assert "Withdraw my request" in client.get(awaiting.get_absolute_url()).text
        client.post(reverse("preparation:withdraw_request", args=[awaiting.pk]))
        awaiting.refresh_from_db()
        assert awaiting.status == "withdrawn_unapproved"

    def test_a_request_withdrawn_before_approval_never_reaches_the_mentor(
        self, client_for, awaiting, mentee, mentor, approving
    ):
        # Even once the program stops requiring approval, what the mentee wrote stays unseen.
        preparation.withdraw_mentor_request(mentor_request=awaiting)
        approving.requires_approval = False
        approving.save()
        client = client_for(mentor)
        assert client.get(awaiting.get_absolute_url()).status_code == 404
        received = client.get(reverse("preparation:received_requests")).text
        assert "Mina Mentee" not in received
        assert "PRIVATE-why-you-7731" not in received

    def test_one_waiting_request_per_mentee_and_program(self, awaiting, mentee):
        other = MentorFactory(full_name="Olivia Other")
        ParticipantFactory(program=awaiting.program, user=other, role=Participant.Role.MENTOR)
        with pytest.raises(ValidationError, match="waiting for the coordinators' approval"):
            preparation.send_mentor_request(
                program=awaiting.program, mentee=mentee, mentor=other, **ASK
            )

    def test_the_coordinator_sees_who_asked_whom_but_not_what_they_wrote(
        self, client_for, awaiting, coordinator, mentee, mentor
    ):
        mentee.department = "Surgery"
        mentee.save()
        MentorshipFactory(program=awaiting.program, mentor=mentor)
        response = client_for(coordinator).get(
            reverse("enrolment:requests", args=[awaiting.program.pk])
        )
        assert response.status_code == 200
        assert "Mina Mentee" in response.text and "Marco Mentor" in response.text
        assert "Surgery" in response.text and mentor.department in response.text
        assert "1 of 3" in response.text
        assert timezone.localtime(awaiting.created_at).strftime("%b") in response.text
        assert "PRIVATE-" not in response.text

    def test_approving_passes_the_request_to_the_mentor(
        self,
        client_for,
        awaiting,
        coordinator,
        mentor,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        url = reverse("enrolment:approve_request", args=[awaiting.program.pk, awaiting.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(coordinator).post(url, follow=True)
        assert "Approved: Marco Mentor is told" in response.text
        awaiting.refresh_from_db()
        assert (awaiting.status, awaiting.reviewed_by) == ("pending", coordinator)
        assert [message.to for message in mailoutbox] == [[mentor.email]]
        assert "Mina Mentee asks you to be their mentor" in mailoutbox[0].subject
        # From here on the mentor answers as in any program.
        mentorship = preparation.accept_mentor_request(mentor_request=awaiting)
        assert mentorship.mentee == awaiting.mentee

    def test_approving_for_a_full_mentor_explains_and_changes_nothing(
        self, client_for, awaiting, coordinator, mentor
    ):
        mentor.mentee_capacity = 1
        mentor.save()
        MentorshipFactory(program=awaiting.program, mentor=mentor)
        url = reverse("enrolment:approve_request", args=[awaiting.program.pk, awaiting.pk])
        response = client_for(coordinator).post(url, follow=True)
        assert "Marco Mentor has no room for another mentee" in response.text
        awaiting.refresh_from_db()
        assert awaiting.status == "awaiting_approval"

    def test_approving_twice_explains(self, client_for, awaiting, coordinator):
        url = reverse("enrolment:approve_request", args=[awaiting.program.pk, awaiting.pk])
        client = client_for(coordinator)
        client.post(url)
        response = client.post(url, follow=True)
        assert "This request is now waiting for an answer; nothing changed." in response.text

    def test_declining_tells_the_mentee_with_the_note_and_never_the_mentor(
        self,
        client_for,
        awaiting,
        coordinator,
        mentee,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        url = reverse("enrolment:decline_request", args=[awaiting.program.pk, awaiting.pk])
        client = client_for(coordinator)
        page = client.get(url)
        assert "PRIVATE-" not in page.text
        note = "Marco is leaving in March; try Olivia."
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"coordinator_note": note}, follow=True)
        assert "Declined. Mina Mentee is told by email" in response.text
        awaiting.refresh_from_db()
        assert (awaiting.status, awaiting.coordinator_note) == ("not_approved", note)
        assert awaiting.responded_at and awaiting.reviewed_by == coordinator
        assert [message.to for message in mailoutbox] == [[mentee.email]]
        assert note in mailoutbox[0].body
        mentee_page = client_for(mentee).get(awaiting.get_absolute_url()).text
        assert note in mentee_page
        assert "did not pass this request on" in mentee_page
        assert "The coordinators did not pass on" in client_for(mentee).get(reverse("home")).text

    def test_after_a_decline_the_mentee_may_ask_someone_else(self, awaiting, coordinator, mentee):
        preparation.disapprove_mentor_request(mentor_request=awaiting, coordinator=coordinator)
        other = MentorFactory()
        ParticipantFactory(program=awaiting.program, user=other, role=Participant.Role.MENTOR)
        sent = preparation.send_mentor_request(
            program=awaiting.program, mentee=mentee, mentor=other, **ASK
        )
        assert sent.is_awaiting_approval

    def test_an_over_long_note_is_refused_beside_the_field_and_kept(
        self, client_for, awaiting, coordinator
    ):
        url = reverse("enrolment:decline_request", args=[awaiting.program.pk, awaiting.pk])
        note = "n" * 1001
        response = client_for(coordinator).post(url, {"coordinator_note": note})
        assert response.status_code == 200
        assert 'id="error_1_id_coordinator_note"' in response.text
        assert note in response.text
        awaiting.refresh_from_db()
        assert awaiting.status == "awaiting_approval"

    def test_coordinators_turn_approval_on_and_off(self, client_for, program, coordinator):
        url = reverse("enrolment:approval_setting", args=[program.pk])
        client = client_for(coordinator)
        response = client.post(url, {"requires_approval": "on"}, follow=True)
        assert "come to you for approval first" in response.text
        program.refresh_from_db()
        assert program.requires_approval
        client.post(url, {})
        program.refresh_from_db()
        assert not program.requires_approval

    @pytest.mark.parametrize("persona", OUTSIDERS)
    def test_it_is_404_for_anyone_but_the_programs_coordinators(self, request, awaiting, persona):
        _, client = as_persona(request, persona)
        program = awaiting.program
        assert client.get(reverse("enrolment:requests", args=[program.pk])).status_code == 404
        for name in ["approve_request", "decline_request"]:
            url = reverse(f"enrolment:{name}", args=[program.pk, awaiting.pk])
            assert client.post(url).status_code == 404
        setting = reverse("enrolment:approval_setting", args=[program.pk])
        assert client.post(setting, {}).status_code == 404
        awaiting.refresh_from_db()
        program.refresh_from_db()
        assert awaiting.status == "awaiting_approval"
        assert program.requires_approval

    def test_a_request_of_another_program_is_404(self, client_for, awaiting, other_coordinator):
        their_program = other_coordinator.coordinated_programs.get()
        url = reverse("enrolment:approve_request", args=[their_program.pk, awaiting.pk])
        assert client_for(other_coordinator).post(url).status_code == 404

    def test_changes_only_accept_post(self, client_for, awaiting, coordinator):
        url = reverse("enrolment:approve_request", args=[awaiting.program.pk, awaiting.pk])
        assert client_for(coordinator).get(url).status_code == 405

    @pytest.mark.parametrize("requests", [3, 30])
    def test_the_list_keeps_its_query_count(
        self, client_for, approving, coordinator, requests, django_assert_max_num_queries
    ):
        for _ in range(requests):
            MentorRequestFactory(program=approving, status="awaiting_approval")
        client = client_for(coordinator)
        # session + user, the program, page count, the page of requests with both people and
        # the mentor's open pairs
        with django_assert_max_num_queries(5):
            response = client.get(reverse("enrolment:requests", args=[approving.pk]))
        assert len(response.context["page"].object_list) == min(requests, 25)


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

    @pytest.mark.parametrize("persona", OUTSIDERS)
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
