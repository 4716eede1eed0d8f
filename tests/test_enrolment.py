"""Enrolment: bulk invites by CSV, what a clean file does and every way a file is refused."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from mentoring.enrolment import csv_import
from mentoring.enrolment.models import ProgramInvitation
from mentoring.enrolment.services import accept_invitation, invite_participants
from mentoring.programs.models import Participant
from tests.factories import MentorFactory, ParticipantFactory, UserFactory
from tests.helpers import CSV_HEADER, PROGRAM_OUTSIDERS, as_persona, csv_file

pytestmark = pytest.mark.django_db


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
            client_for(coordinator), program, CSV_HEADER + "sam@example.org,Sam,mentee,\n"
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
                client_for(coordinator),
                program,
                CSV_HEADER + "new@example.org,Nia New,mentee,ICU\n",
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
            CSV_HEADER
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
            CSV_HEADER
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
                CSV_HEADER.strip() + "," + ",".join(f"extra{n}" for n in range(10_000)) + "\n",
                "not expected: extra0, extra1, extra2, extra3, extra4 and 9995 more.",
                id="thousands of stray columns",
            ),
            pytest.param(
                "email;name;role;department\nana@example.org;Ana;mentee;ICU\n",
                "The columns are separated by semicolons or tabs",
                id="semicolons",
            ),
            pytest.param(
                CSV_HEADER + "ana@example,Ana,mentee,ICU\n",
                "Line 2: “ana@example” is not a valid email address.",
                id="bad email",
            ),
            pytest.param(
                CSV_HEADER + "ana@example.org,Ana,mentee,ICU\nANA@example.org,Ana L,mentor,ICU\n",
                "Line 3: ana@example.org is already on line 2.",
                id="duplicate in the file",
            ),
            pytest.param(
                CSV_HEADER + "ana@example.org,Ana,coach,ICU\n",
                "Line 2: the role is “coach”; write mentee or mentor.",
                id="unknown role",
            ),
            pytest.param(
                CSV_HEADER + f"ana@example.org,{'A' * 151},mentee,ICU\n",
                "Line 2: the name is longer than 150 characters.",
                id="long name",
            ),
            pytest.param(
                CSV_HEADER.encode() + "josé@example.org,José,mentee,ICU\n".encode("latin-1"),
                "The file is not UTF-8 text (the bytes at position 31 cannot be read)",
                id="not UTF-8",
            ),
            pytest.param(b"", "The submitted file is empty.", id="empty file"),
            pytest.param(b"\n \n", "The file is empty.", id="blank lines"),
            pytest.param(CSV_HEADER, "lists nobody", id="header only"),
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
                CSV_HEADER + 'ana@example.org,"Ana,mentee,ICU\n' + "x" * 140_000,
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
        content = (
            CSV_HEADER + "new@example.org,New,mentee,\n" + f"{mentee.email.upper()},M,mentee,\n"
        )
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
        huge = CSV_HEADER.encode() + b"a" * (50 * 1024 * 1024)
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
        content = CSV_HEADER + "".join(f"p{n}@example.org,P{n},mentee,\n" for n in range(3))
        response = self.upload(client_for(coordinator), program, content)
        assert "The file lists more than 2 people." in response.text
        assert people_before() == before

    def test_a_long_list_of_problems_is_cut_short(self, client_for, coordinator, program):
        content = CSV_HEADER + "".join(f"bad{n},P{n},mentee,\n" for n in range(150))
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
            csv_file(CSV_HEADER + "new@example.org,New,mentee,\nsam@example.org,Sam,mentor,\n"),
            program=program,
        )
        sam = UserFactory(email="sam@example.org")
        ProgramInvitation.objects.create(program=program, user=sam, role=Participant.Role.MENTOR)
        before = people_before()
        with pytest.raises(ValidationError, match="nothing was imported"):
            invite_participants(program=program, invitees=invitees, invited_by=coordinator)
        assert people_before() == before

    @pytest.mark.parametrize("persona", PROGRAM_OUTSIDERS)
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
            self.url(program), {"file": csv_file(CSV_HEADER + "a@b.org,A,mentee,\n")}
        )
        assert response.status_code == 404
        assert people_before() == before

    def test_anonymous_visitors_are_asked_to_sign_in(self, client, program):
        assert client.get(self.url(program)).status_code == 302
