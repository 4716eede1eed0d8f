"""Declining with a reason: the mentor may say why (optional), the mentee reads it on the
request's page and in the decline email, and may then ask someone else."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring.preparation import services
from mentoring.preparation.forms import ResponseForm
from mentoring.preparation.models import MentorRequest
from mentoring.programs.models import Participant
from tests.factories import MentorFactory, MentorRequestFactory, ParticipantFactory
from tests.helpers import as_persona

pytestmark = pytest.mark.django_db

NO_ROOM = "I have no room for another mentee right now"


@pytest.fixture
def asked(program, mentee, mentor):
    """The mentee's pending request to the mentor, both enrolled in the program."""
    ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
    ParticipantFactory(program=program, user=mentor, role=Participant.Role.MENTOR)
    return MentorRequestFactory(program=program, mentee=mentee, mentor=mentor)


def decline(client, mentor_request, **data):
    url = reverse("preparation:decline_request", args=[mentor_request.pk])
    return client.post(url, {"response_note": "", "decline_reason": ""} | data, follow=True)


def request_page(client, mentor_request):
    return client.get(reverse("preparation:request", args=[mentor_request.pk])).text


class TestDeclining:
    def test_the_mentor_is_offered_the_reasons(self, client_for, asked, mentor):
        page = request_page(client_for(mentor), asked)
        assert "If you decline, why? (optional)" in page
        assert 'name="decline_reason"' in page
        assert NO_ROOM in page
        assert "No reason given" in page

    def test_the_reasons_are_offered_on_home_too(self, client_for, asked, mentor):
        page = client_for(mentor).get(reverse("home")).text
        assert f'id="reason-{asked.pk}"' in page

    def test_the_reason_is_kept_and_shown_to_the_mentee(
        self, client_for, asked, mentor, mentee, mailoutbox, committed
    ):
        with committed():
            response = decline(client_for(mentor), asked, decline_reason="no_room")
        assert "We let Mina Mentee know kindly" in response.text
        asked.refresh_from_db()
        assert asked.status == MentorRequest.Status.DECLINED
        assert asked.decline_reason == MentorRequest.DeclineReason.NO_ROOM
        page = request_page(client_for(mentee), asked)
        assert "Why Marco Mentor declined" in page
        assert NO_ROOM in page
        [mail] = mailoutbox
        assert mail.to == [mentee.email]
        assert f"Their reason: {NO_ROOM}." in mail.body

    def test_the_reason_and_the_note_go_together(
        self, client_for, asked, mentor, mailoutbox, committed
    ):
        with committed():
            decline(
                client_for(mentor),
                asked,
                decline_reason="other",
                response_note="I am away from May to August.",
            )
        body = mailoutbox[0].body
        assert "Their reason: Another reason (in my note)." in body
        assert "I am away from May to August." in body

    def test_no_reason_is_fine_and_says_nothing(
        self, client_for, asked, mentor, mentee, mailoutbox, committed
    ):
        with committed():
            decline(client_for(mentor), asked)
        asked.refresh_from_db()
        assert asked.status == MentorRequest.Status.DECLINED
        assert asked.decline_reason == ""
        assert "Their reason" not in mailoutbox[0].body
        assert "declined</dt>" not in request_page(client_for(mentee), asked)

    def test_an_unknown_reason_is_refused_by_the_field_and_the_note_kept(
        self, client_for, asked, mentor
    ):
        response = decline(
            client_for(mentor), asked, decline_reason="rude", response_note="Kept words"
        )
        assert 'aria-invalid="true"' in response.text
        assert f'id="reason-{asked.pk}-error"' in response.text
        assert "Kept words" in response.text
        asked.refresh_from_db()
        assert asked.is_pending

    def test_accepting_ignores_a_reason(self, client_for, asked, mentor):
        url = reverse("preparation:accept_request", args=[asked.pk])
        client_for(mentor).post(url, {"response_note": "Glad to.", "decline_reason": "no_room"})
        asked.refresh_from_db()
        assert asked.status == MentorRequest.Status.ACCEPTED
        assert asked.decline_reason == ""

    def test_the_service_refuses_an_unknown_reason(self, asked):
        with pytest.raises(ValidationError):
            services.decline_mentor_request(mentor_request=asked, reason="rude")
        asked.refresh_from_db()
        assert asked.is_pending

    def test_the_form_offers_no_reason_first(self):
        choices = ResponseForm().fields["decline_reason"].choices
        assert choices[0] == ("", "No reason given")
        assert len(choices) == len(MentorRequest.DeclineReason.choices) + 1


class TestAskingSomeoneElse:
    def test_after_a_decline_the_mentee_may_ask_another_mentor(self, asked, program, mentee):
        services.decline_mentor_request(mentor_request=asked, reason="expertise")
        other = MentorFactory(full_name="Olive Othermentor")
        ParticipantFactory(program=program, user=other, role=Participant.Role.MENTOR)
        services.check_can_ask(program=program, mentee=mentee, mentor=other)
        again = services.send_mentor_request(
            program=program,
            mentee=mentee,
            mentor=other,
            why_this_mentor="Your work on rotas.",
            hoped_outcome="Calmer handovers.",
            meeting_frequency="Monthly",
        )
        assert again.is_pending

    def test_the_declined_page_points_to_the_directory(self, client_for, asked, mentee):
        services.decline_mentor_request(mentor_request=asked, reason="availability")
        page = request_page(client_for(mentee), asked)
        assert reverse("preparation:mentor_directory", args=[asked.program_id]) in page
        assert "I cannot meet as often as you would like" in page


class TestAccess:
    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_nobody_else_declines(self, request, asked, persona):
        _, client = as_persona(request, persona)
        url = reverse("preparation:decline_request", args=[asked.pk])
        assert client.post(url, {"decline_reason": "no_room"}).status_code == 404
        asked.refresh_from_db()
        assert asked.is_pending

    def test_the_mentee_cannot_decline_their_own_request(self, client_for, asked, mentee):
        url = reverse("preparation:decline_request", args=[asked.pk])
        assert client_for(mentee).post(url, {"decline_reason": "no_room"}).status_code == 403

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_nobody_else_reads_the_reason(self, request, asked, persona):
        services.decline_mentor_request(mentor_request=asked, reason="no_room")
        _, client = as_persona(request, persona)
        response = client.get(reverse("preparation:request", args=[asked.pk]))
        assert response.status_code == 404

    def test_coordinators_never_load_the_reason(self, asked):
        services.decline_mentor_request(mentor_request=asked, reason="no_room")
        loaded = MentorRequest.objects.for_coordinators().get(pk=asked.pk)
        assert "decline_reason" in loaded.get_deferred_fields()
