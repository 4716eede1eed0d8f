"""Enrolment: coordinators approving mentor requests before they reach the mentor."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.preparation import services as preparation
from mentoring.preparation.models import MentorRequest
from mentoring.programs.models import Participant
from tests.factories import (
    MentorFactory,
    MentorRequestFactory,
    MentorshipFactory,
    ParticipantFactory,
    UserFactory,
)
from tests.helpers import PROGRAM_OUTSIDERS, as_persona

pytestmark = pytest.mark.django_db


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

    @pytest.mark.parametrize("persona", PROGRAM_OUTSIDERS)
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
