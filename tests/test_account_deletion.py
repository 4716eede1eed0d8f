"""Deleting an account: what was private to the person goes, what belongs to a pair stays for
the partner under "Former participant", and the deletion is refused when it would leave a
program or the site without anyone to run it."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import FORMER_PARTICIPANT, User
from mentoring.audit.models import AccessEvent, Action
from mentoring.closure.models import Closure, Reason
from mentoring.privacy.erasure import erase_account
from mentoring.privacy.models import DataExport
from mentoring.privacy.services import request_export
from mentoring.privacy.tasks import exports_storage
from mentoring.programs.models import Participant
from tests.factories import PASSWORD, MentorFactory, MentorshipFactory, UserFactory
from tests.planted import database_text, plant

DELETE = reverse("privacy:delete_account")


@pytest.fixture
def planted(pair, kick_starter_bank):
    other_mentor = MentorFactory(full_name="Rosa Retired")
    ended = MentorshipFactory(program=pair.program, mentee=pair.mentee, mentor=other_mentor)
    return plant(open_pair=pair, ended_pair=ended)


def confirm(client, password=PASSWORD, **extra):
    return client.post(DELETE, {"password": password, "understood": "on", **extra})


class TestWhatGoesAndWhatStays:
    def test_a_mentees_private_writing_goes_and_every_pair_record_stays(
        self, planted, mentee, committed
    ):
        with committed():
            erase_account(user=mentee)
        text = database_text()
        for private in planted.labelled("mentee private"):
            assert private not in text
        for kept in planted.labelled("mentee pair") + planted.labelled("mentor"):
            assert kept in text, kept
        assert planted.texts["other private note"] in text

    def test_a_mentors_deletion_keeps_the_mentees_notes_about_them(
        self, planted, mentor, committed
    ):
        with committed():
            erase_account(user=mentor)
        text = database_text()
        theirs = ["mentor private reflection", "mentor private 3-2-1 open"]
        for label, planted_text in planted.texts.items():
            assert (planted_text in text) == (label not in theirs), label

    def test_nothing_names_the_person_any_more(self, planted, mentee, committed):
        name, email = mentee.full_name, mentee.email
        with committed():
            erase_account(user=mentee)
        text = database_text()
        assert name not in text
        assert email not in text
        mentee.refresh_from_db()
        assert mentee.display_name == FORMER_PARTICIPANT
        assert not mentee.is_active
        assert not mentee.has_usable_password()
        assert not EmailAddress.objects.filter(user=mentee).exists()
        assert not Participant.objects.filter(user=mentee).exists()

    def test_the_admins_history_keeps_the_change_without_the_name(self, mentee, pair):
        staff = UserFactory(is_staff=True)
        participant = Participant.objects.get(user=mentee)
        LogEntry.objects.log_actions(staff.pk, [mentee], CHANGE, change_message="Changed job.")
        LogEntry.objects.log_actions(
            staff.pk,
            [pair.program],
            CHANGE,
            change_message=f"Changed participant “{participant}”.",
        )
        erase_account(user=mentee)
        assert mentee.full_name not in database_text()
        assert LogEntry.objects.count() == 2
        assert LogEntry.objects.filter(object_repr=FORMER_PARTICIPANT).exists()

    def test_copies_of_their_data_go_with_the_account(self, mentee, committed):
        with committed():
            export = request_export(user=mentee)
        export.refresh_from_db()
        storage = exports_storage()
        assert storage.exists(export.file_name)
        erase_account(user=mentee)
        assert not storage.exists(export.file_name)
        assert not DataExport.objects.filter(user=mentee).exists()

    def test_signatures_keep_their_place_without_the_name(self, planted, pair, mentee):
        erase_account(user=mentee)
        version = pair.agreement.versions.get()
        assert set(version.signatures.values_list("typed_name", flat=True)) >= {FORMER_PARTICIPANT}
        assert version.signatures.count() == 2


class TestOpenPairs:
    def test_open_pairs_close_with_the_reason_and_the_partner_is_told(
        self, planted, pair, mentee, mentor, committed
    ):
        mail.outbox.clear()
        with committed():
            outcome = erase_account(user=mentee)
        assert outcome.pairs_closed == 1
        pair.refresh_from_db()
        assert not pair.is_open
        closure = Closure.objects.get(mentorship=pair, status="participant_left")
        assert closure.reason == Reason.PARTICIPANT_LEFT
        (message,) = mail.outbox
        assert message.to == [mentor.email]
        assert "has left, so your mentorship has ended" in message.body
        assert "Mina" not in message.body

    def test_the_partner_still_opens_the_pair_and_its_certificate(
        self, planted, pair, mentee, mentor, client_for
    ):
        erase_account(user=mentee)
        client = client_for(mentor)
        page = client.get(pair.get_absolute_url())
        assert page.status_code == 200
        assert FORMER_PARTICIPANT in page.content.decode()
        closure = client.get(reverse("closure:closure", args=[pair.pk]))
        assert "when the mentee left." in closure.content.decode()
        certificate = client.get(reverse("closure:certificate", args=[pair.pk]))
        assert certificate["Content-Type"] == "application/pdf"

    def test_coordinators_see_that_a_participant_left(
        self, planted, pair, mentee, coordinator, client_for
    ):
        erase_account(user=mentee)
        page = client_for(coordinator).get(reverse("dashboard:program", args=[pair.program_id]))
        assert "Participant left" in page.content.decode()

    def test_french_readers_see_the_former_participant_in_french(
        self, planted, pair, mentee, mentor, coordinator, client_for
    ):
        """The marker is stored in English and shown in the reader's language: the pair's
        page, the agreement's signature lines (the typed name) and the dashboard's rows and
        CSV."""
        erase_account(user=mentee)
        version = pair.agreement.versions.get()  # signed by both (tests/planted.py)
        User.objects.filter(pk__in=[mentor.pk, coordinator.pk]).update(language="fr-ca")
        french = "Ancienne personne participante"
        pages = [
            (mentor, pair.get_absolute_url()),
            (mentor, reverse("agreements:version", args=[pair.pk, version.number])),
            (coordinator, reverse("dashboard:program", args=[pair.program_id])),
        ]
        for reader, url in pages:
            text = client_for(reader).get(url).content.decode()
            assert french in text and FORMER_PARTICIPANT not in text, url
        export = client_for(coordinator).get(reverse("dashboard:export", args=[pair.program_id]))
        assert french in b"".join(export.streaming_content).decode()

    def test_waiting_requests_to_a_leaving_mentor_are_declined(
        self, mentor_request, mentor, committed
    ):
        with committed():
            erase_account(user=mentor)
        mentor_request.refresh_from_db()
        assert mentor_request.status == "declined"
        (message,) = mail.outbox
        assert message.to == [mentor_request.mentee.email]
        assert "has left, so your request is closed" in message.body

    def test_one_still_waiting_for_the_coordinators_is_not_approved(
        self, mentor_request, mentor, committed
    ):
        mentor_request.status = "awaiting_approval"
        mentor_request.save()
        with committed():
            erase_account(user=mentor)
        mentor_request.refresh_from_db()
        assert mentor_request.status == "not_approved"
        assert "has left" in mail.outbox[0].body


class TestThePage:
    def test_the_right_password_deletes_and_signs_out(self, client_for, mentee):
        client = client_for(mentee)
        response = confirm(client)
        assert response.status_code == 302
        assert response["Location"] == reverse("privacy:account_deleted")
        assert "Your account is deleted" in client.get(response["Location"]).content.decode()
        assert client.get(reverse("accounts:profile")).status_code == 302
        assert User.objects.get(pk=mentee.pk).is_erased
        assert AccessEvent.objects.filter(action=Action.ACCOUNT_DELETED, subject=mentee).exists()

    def test_the_page_names_the_mentorships_that_would_end(self, pair, client_for, mentee):
        page = client_for(mentee).get(DELETE).content.decode()
        assert f"With your mentor {pair.mentor}, in {pair.program}" in page

    def test_a_wrong_password_is_refused_beside_the_field(self, client_for, mentee):
        response = confirm(client_for(mentee), password="not-it")
        assert response.status_code == 200
        assert "That is not your password." in response.content.decode()
        assert not User.objects.get(pk=mentee.pk).is_erased

    def test_the_box_must_be_ticked(self, client_for, mentee):
        response = client_for(mentee).post(DELETE, {"password": PASSWORD})
        assert "This field is required." in response.content.decode()
        assert not User.objects.get(pk=mentee.pk).is_erased

    def test_every_other_session_of_the_person_ends(self, mentee):
        other_device = Client()
        other_device.force_login(mentee)
        assert other_device.get(reverse("accounts:profile")).status_code == 200
        erase_account(user=mentee)
        assert other_device.get(reverse("accounts:profile")).status_code == 302

    def test_the_person_cannot_sign_in_again(self, client, mentee):
        email = mentee.email
        erase_account(user=mentee)
        assert not client.login(email=email, password=PASSWORD)

    def test_the_same_address_may_make_a_new_account(self, mentee):
        email = mentee.email
        erase_account(user=mentee)
        assert UserFactory(email=email).pk != mentee.pk


class TestRefusals:
    def test_the_last_coordinator_of_a_program_is_refused_with_the_reason(
        self, client_for, coordinator, program
    ):
        response = client_for(coordinator).get(DELETE)
        assert f"You are the only coordinator of {program}" in response.content.decode()
        response = confirm(client_for(coordinator))
        assert not User.objects.get(pk=coordinator.pk).is_erased
        with pytest.raises(ValidationError, match="only coordinator"):
            erase_account(user=coordinator)

    def test_a_coordinator_with_a_colleague_may_go(self, coordinator, program):
        colleague = UserFactory()
        program.coordinators.add(colleague)
        erase_account(user=coordinator)
        assert list(program.coordinators.all()) == [colleague]

    def test_an_archived_program_needs_no_coordinator(self, coordinator, program):
        program.archive()
        erase_account(user=coordinator)

    def test_the_only_administrator_is_refused(self, db):
        admin = UserFactory(is_staff=True, is_superuser=True)
        with pytest.raises(ValidationError, match="only administrator"):
            erase_account(user=admin)
        UserFactory(is_staff=True, is_superuser=True)
        erase_account(user=admin)

    def test_an_erased_account_cannot_be_erased_twice(self, mentee):
        erase_account(user=mentee)
        with pytest.raises(ValidationError, match="deleted already"):
            erase_account(user=mentee)

    def test_the_admin_deletes_no_account(self, client_for, mentee):
        admin = UserFactory(is_staff=True, is_superuser=True)
        response = client_for(admin).post(
            reverse("admin:accounts_user_delete", args=[mentee.pk]), {"post": "yes"}
        )
        assert response.status_code == 403
        assert User.objects.filter(pk=mentee.pk).exists()
