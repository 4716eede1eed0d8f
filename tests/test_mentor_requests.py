"""Preparing: asking a mentor, the rules a request keeps, and the mentor answering it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from mentoring.preparation import services
from mentoring.preparation.models import MentorRequest
from mentoring.programs.models import Mentorship, Participant, Phase
from tests.factories import (
    MentorFactory,
    MentorRequestFactory,
    MentorshipFactory,
    ParticipantFactory,
    ProgramFactory,
)
from tests.helpers import as_persona

pytestmark = pytest.mark.django_db


def send(program, mentee, mentor, **answers):
    return services.send_mentor_request(
        program=program,
        mentee=mentee,
        mentor=mentor,
        why_this_mentor=answers.get("why_this_mentor", "You listen."),
        hoped_outcome=answers.get("hoped_outcome", "Grow."),
        meeting_frequency=answers.get("meeting_frequency", "Monthly"),
    )


class TestAsking:
    def url(self, program, mentor):
        return reverse("preparation:ask_mentor", args=[program.pk, mentor.pk])

    data = {
        "why_this_mentor": "You turned the ward around.",
        "hoped_outcome": "Lead my own unit.",
        "meeting_frequency": "Every two weeks",
    }

    def test_the_mentee_sends_a_request_and_the_mentor_is_emailed(
        self, client_for, enrolled, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(mentee).post(self.url(enrolled, mentor), self.data, follow=True)
        sent = MentorRequest.objects.get()
        assert (sent.mentee, sent.mentor, sent.status) == (mentee, mentor, "pending")
        assert sent.why_this_mentor == self.data["why_this_mentor"]
        assert "Your request is on its way to Marco Mentor" in response.text
        assert [message.to for message in mailoutbox] == [[mentor.email]]
        assert "Mina Mentee asks you to be their mentor" in mailoutbox[0].subject
        assert sent.get_absolute_url() in mailoutbox[0].body

    def test_every_field_is_required_and_typed_text_is_kept(
        self, client_for, enrolled, mentee, mentor
    ):
        response = client_for(mentee).post(
            self.url(enrolled, mentor), {**self.data, "hoped_outcome": ""}
        )
        assert response.context["form"].errors == {"hoped_outcome": ["This field is required."]}
        assert self.data["why_this_mentor"] in response.text
        assert not MentorRequest.objects.exists()

    def test_over_long_text_is_refused_and_kept(self, client_for, enrolled, mentee, mentor):
        too_long = "z" * 2001
        response = client_for(mentee).post(
            self.url(enrolled, mentor), {**self.data, "why_this_mentor": too_long}
        )
        assert "at most 2000 characters" in response.text
        assert too_long in response.text
        assert not MentorRequest.objects.exists()

    def test_a_double_submit_explains_instead_of_failing(
        self, client_for, enrolled, mentee, mentor
    ):
        client = client_for(mentee)
        client.post(self.url(enrolled, mentor), self.data)
        response = client.post(self.url(enrolled, mentor), self.data)
        assert response.status_code == 200
        assert "You already asked Marco Mentor" in response.text
        assert MentorRequest.objects.count() == 1

    def test_a_full_mentor_cannot_be_asked(self, client_for, enrolled, mentee):
        full = MentorFactory(mentee_capacity=1, full_name="Fiona Full")
        MentorshipFactory(program=enrolled, mentor=full)
        client = client_for(mentee)
        page = client.get(self.url(enrolled, full))
        assert "Fiona Full has no room for another mentee" in page.text
        assert "Send my request" not in page.text
        response = client.post(self.url(enrolled, full), self.data)
        assert "Fiona Full has no room for another mentee" in response.text
        assert not MentorRequest.objects.exists()

    @pytest.mark.parametrize("persona", ["mentor", "coordinator", "other_coordinator", "stranger"])
    def test_only_the_programs_mentees_may_ask(self, request, enrolled, mentor, persona):
        _, client = as_persona(request, persona)
        assert client.get(self.url(enrolled, mentor)).status_code == 404
        assert client.post(self.url(enrolled, mentor), self.data).status_code == 404
        assert not MentorRequest.objects.exists()


class TestRequestRules:
    def test_a_mentor_at_capacity_cannot_be_asked(self, enrolled, mentee):
        full = MentorFactory(mentee_capacity=1)
        MentorshipFactory(program=enrolled, mentor=full)
        with pytest.raises(ValidationError, match="no room for another mentee"):
            send(enrolled, mentee, full)

    def test_a_mentor_not_open_to_mentoring_cannot_be_asked(self, enrolled, mentee, mentor):
        mentor.open_to_mentoring = False
        mentor.save()
        with pytest.raises(ValidationError, match="not taking mentees"):
            send(enrolled, mentee, mentor)

    def test_nobody_asks_themselves(self, enrolled, mentor):
        ParticipantFactory(program=enrolled, user=mentor, role=Participant.Role.MENTEE)
        with pytest.raises(ValidationError, match="cannot ask yourself"):
            send(enrolled, mentor, mentor)
        with pytest.raises(IntegrityError), transaction.atomic():
            MentorRequestFactory(program=enrolled, mentee=mentor, mentor=mentor)

    def test_someone_not_a_mentee_of_the_program_cannot_ask(self, program, stranger, mentor):
        ParticipantFactory(program=program, user=mentor, role=Participant.Role.MENTOR)
        with pytest.raises(ValidationError, match="not a mentee"):
            send(program, stranger, mentor)

    def test_one_pending_request_per_mentee_and_program(self, mentor_request, mentee):
        other = MentorFactory(full_name="Olivia Other")
        ParticipantFactory(
            program=mentor_request.program, user=other, role=Participant.Role.MENTOR
        )
        with pytest.raises(ValidationError, match="You already asked Marco Mentor"):
            send(mentor_request.program, mentee, other)
        with pytest.raises(IntegrityError), transaction.atomic():
            MentorRequestFactory(program=mentor_request.program, mentee=mentee, mentor=other)

    def test_a_pending_request_in_another_program_does_not_block(
        self, mentor_request, mentee, mentor
    ):
        other_program = ProgramFactory()
        ParticipantFactory(program=other_program, user=mentee, role=Participant.Role.MENTEE)
        ParticipantFactory(program=other_program, user=mentor, role=Participant.Role.MENTOR)
        assert send(other_program, mentee, mentor).is_pending

    def test_a_mentee_with_a_mentor_in_the_program_cannot_ask_again(self, pair, mentee):
        other = MentorFactory()
        ParticipantFactory(program=pair.program, user=other, role=Participant.Role.MENTOR)
        with pytest.raises(ValidationError, match="already have a mentor"):
            send(pair.program, mentee, other)

    def test_after_a_decline_the_mentee_may_ask_someone_else(self, mentor_request, mentee):
        services.decline_mentor_request(mentor_request=mentor_request)
        other = MentorFactory()
        ParticipantFactory(
            program=mentor_request.program, user=other, role=Participant.Role.MENTOR
        )
        assert send(mentor_request.program, mentee, other).is_pending

    def test_the_database_keeps_answered_requests_consistent(self, mentor_request):
        with pytest.raises(IntegrityError), transaction.atomic():
            MentorRequest.objects.filter(pk=mentor_request.pk).update(status="declined")


class TestAnswering:
    def post(self, client, action, mentor_request, note=""):
        url = reverse(f"preparation:{action}_request", args=[mentor_request.pk])
        return client.post(url, {"response_note": note}, follow=True)

    def test_accepting_creates_the_pair_in_preparing(
        self,
        client_for,
        mentor_request,
        mentor,
        mentee,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = self.post(client_for(mentor), "accept", mentor_request, "Glad to.")
        pair = Mentorship.objects.get()
        assert (pair.mentor, pair.mentee, pair.phase) == (mentor, mentee, Phase.PREPARING)
        mentor_request.refresh_from_db()
        assert mentor_request.status == "accepted"
        assert mentor_request.mentorship == pair
        assert mentor_request.response_note == "Glad to."
        assert response.redirect_chain[-1][0] == pair.get_absolute_url()
        assert "You are now mentoring Mina Mentee" in response.text
        assert [message.to for message in mailoutbox] == [[mentee.email]]
        assert "Glad to." in mailoutbox[0].body

    def test_a_full_mentor_accepting_gets_a_clear_message(
        self, client_for, mentor_request, mentor
    ):
        mentor.mentee_capacity = 1
        mentor.save()
        MentorshipFactory(program=mentor_request.program, mentor=mentor)
        response = self.post(client_for(mentor), "accept", mentor_request)
        assert "You have no room for another mentee at the moment." in response.text
        mentor_request.refresh_from_db()
        assert mentor_request.is_pending
        assert Mentorship.objects.count() == 1

    def test_accepting_twice_explains_instead_of_failing(self, client_for, mentor_request, mentor):
        client = client_for(mentor)
        self.post(client, "accept", mentor_request)
        response = self.post(client, "accept", mentor_request)
        assert response.status_code == 200
        assert "This request was already accepted; nothing changed." in response.text
        assert Mentorship.objects.count() == 1

    def test_accepting_a_mentee_paired_meanwhile_is_refused(
        self, client_for, mentor_request, mentee
    ):
        MentorshipFactory(program=mentor_request.program, mentee=mentee)
        response = self.post(client_for(mentor_request.mentor), "accept", mentor_request)
        assert "Mina Mentee already has a mentor" in response.text

    def test_declining_tells_the_mentee_kindly(
        self,
        client_for,
        mentor_request,
        mentor,
        mentee,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = self.post(client_for(mentor), "decline", mentor_request, "Full year.")
        assert "We let Mina Mentee know kindly" in response.text
        mentor_request.refresh_from_db()
        assert mentor_request.status == "declined"
        assert mentor_request.responded_at is not None
        assert not Mentorship.objects.exists()
        assert mailoutbox[0].to == [mentee.email]
        assert "this says nothing about you" in mailoutbox[0].body
        assert "Full year." in mailoutbox[0].body
        home = client_for(mentee).get(reverse("home"))
        assert "Marco Mentor can't take you on this time" in home.text

    def test_an_over_long_note_is_refused_and_kept(self, client_for, mentor_request, mentor):
        too_long = "n" * 1001
        response = self.post(client_for(mentor), "decline", mentor_request, too_long)
        assert "at most 1000 characters" in response.text
        assert too_long in response.text
        mentor_request.refresh_from_db()
        assert mentor_request.is_pending

    def test_the_mentee_withdraws(self, client_for, mentor_request, mentee):
        client = client_for(mentee)
        response = self.post(client, "withdraw", mentor_request)
        assert "Your request is withdrawn" in response.text
        mentor_request.refresh_from_db()
        assert mentor_request.status == "withdrawn"
        again = self.post(client, "withdraw", mentor_request)
        assert "already withdrawn; nothing changed" in again.text

    def test_a_withdrawn_request_cannot_be_accepted(self, client_for, mentor_request, mentor):
        services.withdraw_mentor_request(mentor_request=mentor_request)
        response = self.post(client_for(mentor), "accept", mentor_request)
        assert "already withdrawn" in response.text
        assert not Mentorship.objects.exists()

    @pytest.mark.parametrize("action", ["accept", "decline"])
    def test_the_mentee_cannot_answer_their_own_request(
        self, client_for, mentor_request, mentee, action
    ):
        url = reverse(f"preparation:{action}_request", args=[mentor_request.pk])
        assert client_for(mentee).post(url).status_code == 403

    def test_the_mentor_cannot_withdraw(self, client_for, mentor_request, mentor):
        url = reverse("preparation:withdraw_request", args=[mentor_request.pk])
        assert client_for(mentor).post(url).status_code == 403

    @pytest.mark.parametrize("action", ["accept", "decline", "withdraw"])
    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_anyone_else_gets_404(self, request, mentor_request, persona, action):
        _, client = as_persona(request, persona)
        url = reverse(f"preparation:{action}_request", args=[mentor_request.pk])
        assert client.post(url).status_code == 404
        mentor_request.refresh_from_db()
        assert mentor_request.is_pending

    @pytest.mark.parametrize("action", ["accept", "decline", "withdraw"])
    def test_changes_only_accept_post(self, client_for, mentor_request, mentor, action):
        url = reverse(f"preparation:{action}_request", args=[mentor_request.pk])
        assert client_for(mentor).get(url).status_code == 405
