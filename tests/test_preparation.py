"""Phase 1, Preparing: self-reflection, choosing and asking a mentor, the planning template."""

import io
import re

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mentoring.preparation import services
from mentoring.preparation.forms import (
    CandidateNoteForm,
    PlanningTemplateForm,
    SelfReflectionForm,
)
from mentoring.preparation.models import (
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    SelfReflection,
)
from mentoring.programs.models import Mentorship, Participant, Phase
from tests.factories import (
    CandidateNoteFactory,
    MentorFactory,
    MentorRequestFactory,
    MentorshipFactory,
    ParticipantFactory,
    PlanningTemplateFactory,
    ProgramFactory,
    SelfReflectionFactory,
    UserFactory,
)
from tests.helpers import SPEC, as_persona, pdf_text

pytestmark = pytest.mark.django_db

PERSONAS = ["mentee", "mentor", "coordinator", "other_coordinator", "stranger"]


def spec_items(heading: str) -> list[str]:
    """The numbered or bulleted items under a `### heading` of the toolkit spec."""
    spec = SPEC.read_text()
    section = spec.split(f"\n### {heading}", 1)[1].split("\n#", 1)[0]
    return [
        re.sub(r"^(\d+\.|-)\s+", "", line).strip()
        for line in section.splitlines()
        if re.match(r"^(\d+\.|-)\s", line)
    ]


def labels(form) -> list[str]:
    return [str(field.label) for field in form.visible_fields()]


@pytest.fixture
def enrolled(program, mentee, mentor):
    """The mentee and the mentor enrolled in the program, not yet a pair."""
    ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
    ParticipantFactory(program=program, user=mentor, role=Participant.Role.MENTOR)
    return program


@pytest.fixture
def mentor_request(enrolled, mentee, mentor):
    return MentorRequestFactory(program=enrolled, mentee=mentee, mentor=mentor)


def send(program, mentee, mentor, **answers):
    return services.send_mentor_request(
        program=program,
        mentee=mentee,
        mentor=mentor,
        why_this_mentor=answers.get("why_this_mentor", "You listen."),
        hoped_outcome=answers.get("hoped_outcome", "Grow."),
        meeting_frequency=answers.get("meeting_frequency", "Monthly"),
    )


class TestLabelsAreTheToolkitsWords:
    def test_self_reflection(self):
        items = spec_items("Self-reflection")
        assert len(items) == 4
        assert labels(SelfReflectionForm()) == items

    def test_choosing_the_right_mentor(self):
        items = spec_items("Choosing the right mentor")
        assert len(items) == 5
        assert labels(CandidateNoteForm()) == items

    def test_the_six_tips_for_asking(self, client_for, enrolled, mentee, mentor):
        items = spec_items("Asking someone to mentor you")
        assert len(items) == 6
        assert items == MentorRequest.TIPS
        response = client_for(mentee).get(
            reverse("preparation:ask_mentor", args=[enrolled.pk, mentor.pk])
        )
        for tip in items:
            assert f"<li>{tip}</li>" in response.text

    def test_planning_template(self):
        items = spec_items("Mentee/Mentor Planning template")
        assert len(items) == 12
        assert labels(PlanningTemplateForm()) == items

    def test_the_guidance_shows_beside_the_forms(self, client_for, pair, mentee):
        client = client_for(mentee)
        reflection = client.get(reverse("preparation:self_reflection"))
        assert "Before you initiate contact with a potential mentor, reflect" in reflection.text
        planning = client.get(reverse("preparation:planning_template", args=[pair.pk]))
        assert "Mentee/Mentor Planning" in planning.text
        assert PlanningTemplate.INTRO in planning.text


class TestSelfReflection:
    def answers(self, **overrides):
        data = {name: f"answer to {name}" for name in SelfReflection.ANSWERS}
        return {**data, **overrides}

    def test_a_partial_draft_is_saved(self, client_for, mentee):
        response = client_for(mentee).post(
            reverse("preparation:self_reflection"),
            {"strengths": "Patience"},
            follow=True,
        )
        assert "Your draft is saved" in response.text
        reflection = SelfReflection.objects.get(author=mentee)
        assert reflection.strengths == "Patience"
        assert not reflection.is_complete

    def test_it_marks_complete_and_stays_editable(self, client_for, mentee):
        client = client_for(mentee)
        client.post(reverse("preparation:complete_self_reflection"), self.answers())
        reflection = SelfReflection.objects.get(author=mentee)
        assert reflection.is_complete
        client.post(reverse("preparation:self_reflection"), self.answers(success="Changed"))
        reflection.refresh_from_db()
        assert reflection.success == "Changed"
        assert reflection.is_complete

    def test_completing_needs_every_answer_and_keeps_the_text(self, client_for, mentee):
        response = client_for(mentee).post(
            reverse("preparation:complete_self_reflection"),
            self.answers(challenges="  ", strengths="Typed and kept"),
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "challenges": ["Answer this question to mark your reflection complete."]
        }
        assert "Typed and kept" in response.text
        assert not SelfReflection.objects.filter(author=mentee).exists()

    def test_over_long_text_is_refused_and_kept(self, client_for, mentee):
        too_long = "x" * 3001
        response = client_for(mentee).post(
            reverse("preparation:self_reflection"), self.answers(success=too_long)
        )
        assert "Ensure this value has at most 3000 characters (it has 3001)." in response.text
        assert too_long in response.text
        assert "Up to 3,000 characters." in response.text
        assert not SelfReflection.objects.exists()

    def test_it_only_accepts_post_to_complete(self, client_for, mentee):
        response = client_for(mentee).get(reverse("preparation:complete_self_reflection"))
        assert response.status_code == 405

    def test_anonymous_visitors_are_asked_to_sign_in(self, client, db):
        response = client.get(reverse("preparation:self_reflection"))
        assert response.url.startswith(reverse("account_login"))


class TestMentorDirectory:
    def url(self, program):
        return reverse("preparation:mentor_directory", args=[program.pk])

    def test_it_lists_open_mentors_with_room(self, client_for, enrolled, mentee, mentor):
        full = MentorFactory(full_name="Fiona Full", mentee_capacity=1)
        MentorshipFactory(program=enrolled, mentor=full)
        closed = MentorFactory(full_name="Carl Closed", open_to_mentoring=False)
        ParticipantFactory(program=enrolled, user=closed, role=Participant.Role.MENTOR)
        elsewhere = MentorFactory(full_name="Elsa Elsewhere")
        ParticipantFactory(user=elsewhere, role=Participant.Role.MENTOR)
        response = client_for(mentee).get(self.url(enrolled))
        assert [m.pk for m in response.context["page"]] == [mentor.pk]
        assert "Room for 3 more mentees" in response.text

    def test_capacity_counts_open_mentorships_only(self, client_for, enrolled, mentee):
        mentor = MentorFactory(mentee_capacity=1)
        MentorshipFactory(program=enrolled, mentor=mentor).close()
        response = client_for(mentee).get(self.url(enrolled))
        assert mentor in response.context["page"].object_list

    def test_it_searches_by_name_and_expertise(self, client_for, enrolled, mentee, mentor):
        other = MentorFactory(full_name="Priya Patel", expertise="Budgets, Quality improvement")
        ParticipantFactory(program=enrolled, user=other, role=Participant.Role.MENTOR)
        client = client_for(mentee)
        by_expertise = client.get(self.url(enrolled), {"q": "quality"})
        assert list(by_expertise.context["page"]) == [other]
        by_name = client.get(self.url(enrolled), {"q": "marco"})
        assert list(by_name.context["page"]) == [mentor]

    def test_it_filters_by_department(self, client_for, enrolled, mentee, mentor):
        other = MentorFactory(department="Lions Gate")
        ParticipantFactory(program=enrolled, user=other, role=Participant.Role.MENTOR)
        response = client_for(mentee).get(self.url(enrolled), {"department": "Lions Gate"})
        assert list(response.context["page"]) == [other]
        assert '<option value="Lions Gate" selected>' in response.text
        assert '<option value="Vancouver General">' in response.text

    def test_an_unknown_department_is_an_error_not_a_crash(self, client_for, enrolled, mentee):
        response = client_for(mentee).get(self.url(enrolled), {"department": "Nowhere"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.text

    def test_it_paginates_and_keeps_the_search(self, client_for, enrolled, mentee):
        for _ in range(25):
            ParticipantFactory(
                program=enrolled, user=MentorFactory(), role=Participant.Role.MENTOR
            )
        response = client_for(mentee).get(self.url(enrolled), {"q": "leader"})
        assert len(response.context["page"].object_list) == 20
        assert "?q=leader&amp;page=2" in response.text

    @pytest.mark.parametrize("persona", ["mentor", "coordinator", "other_coordinator", "stranger"])
    def test_it_is_404_for_anyone_but_the_programs_mentees(self, request, enrolled, persona):
        _, client = as_persona(request, persona)
        assert client.get(self.url(enrolled)).status_code == 404

    def test_an_unknown_program_is_404(self, client_for, mentee):
        url = reverse("preparation:mentor_directory", args=[999999])
        assert client_for(mentee).get(url).status_code == 404

    @pytest.mark.parametrize("mentors", [3, 30])
    def test_its_query_count_does_not_grow_with_mentors(
        self, client_for, enrolled, mentee, mentors, django_assert_max_num_queries
    ):
        for number in range(mentors):
            mentor = MentorFactory(department=f"Site {number % 4}")
            MentorshipFactory(program=enrolled, mentor=mentor)
            CandidateNoteFactory(author=mentee, mentor=mentor)
        mentee.growth_areas = "Leadership"
        mentee.save()
        client = client_for(mentee)
        # session + user, the program, the suggested mentors, departments, page count, the page,
        # the notes on it
        with django_assert_max_num_queries(8):
            response = client.get(self.url(enrolled), {"q": "leader"})
        assert response.context["page"].paginator.count == mentors + 1


class TestCandidateNotes:
    def url(self, program, mentor):
        return reverse("preparation:candidate", args=[program.pk, mentor.pk])

    def test_the_mentee_writes_and_edits_notes(self, client_for, enrolled, mentee, mentor):
        client = client_for(mentee)
        client.post(self.url(enrolled, mentor), {"values_based": "Yes"})
        client.post(self.url(enrolled, mentor), {"values_based": "Yes, clearly"})
        note = CandidateNote.objects.get()
        assert (note.author, note.mentor, note.values_based) == (mentee, mentor, "Yes, clearly")

    def test_one_note_per_author_and_mentor(self, mentee, mentor):
        CandidateNoteFactory(author=mentee, mentor=mentor)
        with pytest.raises(IntegrityError), transaction.atomic():
            CandidateNoteFactory(author=mentee, mentor=mentor)

    def test_over_long_notes_are_refused_and_kept(self, client_for, enrolled, mentee, mentor):
        too_long = "y" * 1001
        response = client_for(mentee).post(self.url(enrolled, mentor), {"connection": too_long})
        assert "at most 1000 characters" in response.text
        assert too_long in response.text
        assert not CandidateNote.objects.exists()

    def test_a_full_mentor_shows_why_they_cannot_be_asked(self, client_for, enrolled, mentee):
        full = MentorFactory(mentee_capacity=0, full_name="Fiona Full")
        ParticipantFactory(program=enrolled, user=full, role=Participant.Role.MENTOR)
        response = client_for(mentee).get(self.url(enrolled, full))
        assert "Fiona Full has no room for another mentee" in response.text
        assert "Ask Fiona Full to mentor you" not in response.text

    def test_someone_not_a_mentor_of_the_program_is_404(self, client_for, enrolled, mentee):
        outsider = MentorFactory()
        assert client_for(mentee).get(self.url(enrolled, outsider)).status_code == 404

    @pytest.mark.parametrize("persona", ["mentor", "coordinator", "other_coordinator", "stranger"])
    def test_it_is_404_for_anyone_but_the_programs_mentees(
        self, request, enrolled, mentor, persona
    ):
        _, client = as_persona(request, persona)
        assert client.get(self.url(enrolled, mentor)).status_code == 404
        assert client.post(self.url(enrolled, mentor), {"connection": "x"}).status_code == 404
        assert not CandidateNote.objects.exists()


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


class TestRequestPages:
    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    def test_both_people_read_the_request(self, request, mentor_request, persona):
        _, client = as_persona(request, persona)
        response = client.get(mentor_request.get_absolute_url())
        assert response.status_code == 200
        assert mentor_request.why_this_mentor in response.text

    def test_only_the_mentor_sees_the_answer_form(self, client_for, mentor_request, mentor):
        assert "Decline" in client_for(mentor).get(mentor_request.get_absolute_url()).text

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_it_is_404_for_anyone_else(self, request, mentor_request, persona):
        _, client = as_persona(request, persona)
        assert client.get(mentor_request.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize(
        ("persona", "url_name", "visible"),
        [
            ("mentee", "preparation:sent_requests", True),
            ("mentor", "preparation:received_requests", True),
            ("mentee", "preparation:received_requests", False),
            ("mentor", "preparation:sent_requests", False),
            ("coordinator", "preparation:sent_requests", False),
            ("coordinator", "preparation:received_requests", False),
            ("stranger", "preparation:received_requests", False),
        ],
    )
    def test_request_lists_show_only_ones_own(
        self, request, mentor_request, persona, url_name, visible
    ):
        _, client = as_persona(request, persona)
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert (mentor_request.get_absolute_url() in response.text) is visible

    @pytest.mark.parametrize("requests", [2, 25])
    def test_the_received_list_keeps_its_query_count(
        self, client_for, mentor, requests, django_assert_max_num_queries
    ):
        mentor.mentee_capacity = 10
        mentor.save()
        MentorRequestFactory.create_batch(requests, mentor=mentor)
        client = client_for(mentor)
        # session + user, page count, the page with mentee and program
        with django_assert_max_num_queries(4):
            client.get(reverse("preparation:received_requests"))


class TestHomePage:
    def test_a_mentee_without_a_mentor_sees_the_preparing_card(self, client_for, enrolled, mentee):
        SelfReflectionFactory(author=mentee)
        response = client_for(mentee).get(reverse("home"))
        assert f"Finding a mentor in {enrolled.name}" in response.text
        assert reverse("preparation:self_reflection") in response.text
        assert reverse("preparation:mentor_directory", args=[enrolled.pk]) in response.text
        assert "Self-reflection</a>: draft" in response.text
        assert "no request sent yet" in response.text

    def test_the_card_shows_the_request_status(self, client_for, mentor_request, mentee):
        response = client_for(mentee).get(reverse("home"))
        assert "is waiting for their answer" in response.text
        assert mentor_request.get_absolute_url() in response.text

    def test_the_card_goes_once_the_mentee_has_a_mentor(self, client_for, pair, mentee):
        assert "Finding a mentor" not in client_for(mentee).get(reverse("home")).text

    def test_the_mentor_sees_pending_requests_with_accept_and_decline(
        self, client_for, mentor_request, mentor
    ):
        response = client_for(mentor).get(reverse("home"))
        assert "Requests to mentor you" in response.text
        assert reverse("preparation:accept_request", args=[mentor_request.pk]) in response.text
        assert reverse("preparation:decline_request", args=[mentor_request.pk]) in response.text

    def test_answered_requests_leave_the_mentors_panel(self, client_for, mentor_request, mentor):
        services.decline_mentor_request(mentor_request=mentor_request)
        assert "Requests to mentor you" not in client_for(mentor).get(reverse("home")).text

    def test_the_panel_is_bounded_with_a_link_to_all(self, client_for, mentor):
        MentorRequestFactory.create_batch(6, mentor=mentor)
        response = client_for(mentor).get(reverse("home"))
        assert len(response.context["pending"]) == 5
        assert reverse("preparation:received_requests") in response.text

    @pytest.mark.parametrize("scale", [1, 10])
    def test_its_query_count_does_not_grow_with_requests(
        self, client_for, scale, django_assert_max_num_queries
    ):
        person = MentorFactory(mentee_capacity=10)
        SelfReflectionFactory(author=person)
        for _ in range(scale):
            program = ProgramFactory(coordinators=[person])
            MentorshipFactory(program=program, mentor=person)
            MentorRequestFactory(program=program, mentor=person)
            MentorRequestFactory(program=ProgramFactory(), mentee=person)
        client = client_for(person)
        # session + user, my pairs as mentee and as mentor, programs, phase counts, invitations
        # to me; pending requests to me, programs I prepare in, my requests there, my reflection
        with django_assert_max_num_queries(10):
            response = client.get(reverse("home"))
        assert len(response.context["cards"]) == scale
        assert len(response.context["pending"]) == min(scale, 5)


class TestPlanningTemplate:
    def url(self, pair, name="planning_template"):
        return reverse(f"preparation:{name}", args=[pair.pk])

    def answers(self, **overrides):
        data = {name: f"plan {name}" for name in PlanningTemplate.ANSWERS}
        return {**data, **overrides}

    def test_the_mentee_saves_a_partial_draft(self, client_for, pair, mentee):
        response = client_for(mentee).post(
            self.url(pair), {"urgent_topics": "Budget season"}, follow=True
        )
        assert "Your planning template is saved." in response.text
        planning = PlanningTemplate.objects.get(mentorship=pair)
        assert planning.urgent_topics == "Budget season"
        assert not planning.is_shared
        assert "Private: only you can see it" in response.text

    def test_sharing_needs_every_answer_and_keeps_the_text(self, client_for, pair, mentee):
        response = client_for(mentee).post(
            self.url(pair, "share_planning_template"), self.answers(off_limits="")
        )
        assert response.context["form"].errors["off_limits"] == [
            "Answer this question before you share it (write “None” where nothing applies)."
        ]
        assert "plan strengths" in response.text
        assert not PlanningTemplate.objects.exists()

    def test_once_shared_the_mentor_reads_it_and_the_mentee_still_updates(
        self, client_for, pair, mentee, mentor
    ):
        client_for(mentee).post(self.url(pair, "share_planning_template"), self.answers())
        planning = PlanningTemplate.objects.get()
        assert planning.is_shared
        client_for(mentee).post(self.url(pair), self.answers(strengths="Updated strengths"))
        response = client_for(mentor).get(self.url(pair))
        assert response.status_code == 200
        assert "Updated strengths" in response.text
        assert "<textarea" not in response.text
        assert "last updated" in response.text

    def test_the_mentor_cannot_change_a_shared_template(self, client_for, pair, mentor):
        PlanningTemplateFactory(mentorship=pair, shared_at="2026-01-01T00:00Z")
        response = client_for(mentor).post(self.url(pair), self.answers())
        assert response.status_code == 403
        share = client_for(mentor).post(self.url(pair, "share_planning_template"))
        assert share.status_code == 403

    @pytest.mark.parametrize("name", ["planning_template", "planning_pdf"])
    def test_an_unshared_template_does_not_exist_for_the_mentor(
        self, client_for, pair, mentor, name
    ):
        PlanningTemplateFactory(mentorship=pair)
        assert client_for(mentor).get(self.url(pair, name)).status_code == 404

    @pytest.mark.parametrize("name", ["planning_template", "planning_pdf"])
    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_it_never_exists_for_anyone_else(self, request, pair, persona, name):
        PlanningTemplateFactory(mentorship=pair, shared_at="2026-01-01T00:00Z")
        _, client = as_persona(request, persona)
        assert client.get(self.url(pair, name)).status_code == 404
        assert client.post(self.url(pair), self.answers()).status_code == 404

    def test_over_long_answers_are_refused_and_kept(self, client_for, pair, mentee):
        too_long = "p" * 3001
        response = client_for(mentee).post(self.url(pair), self.answers(evaluation=too_long))
        assert "at most 3000 characters" in response.text
        assert too_long in response.text
        assert not PlanningTemplate.objects.exists()

    def test_a_closed_mentorship_is_read_only(self, client_for, pair, mentee):
        pair.close()
        assert client_for(mentee).post(self.url(pair), self.answers()).status_code == 403
        assert client_for(mentee).get(self.url(pair)).status_code == 200

    def test_an_unknown_mentorship_is_404(self, client_for, mentee):
        url = reverse("preparation:planning_template", args=[999999])
        assert client_for(mentee).get(url).status_code == 404


class TestPlanningPdf:
    def text_of(self, response) -> str:
        return pdf_text(response.content)

    def test_it_holds_every_question_and_answer_names_program_and_page_numbers(
        self, client_for, pair, mentee
    ):
        answers = {
            name: f"Answer-{index}-for-{name}"
            for index, name in enumerate(PlanningTemplate.ANSWERS)
        }
        planning = PlanningTemplateFactory(mentorship=pair, **answers)
        response = client_for(mentee).get(reverse("preparation:planning_pdf", args=[pair.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert "planning-template-mina-mentee.pdf" in response["Content-Disposition"]
        text = self.text_of(response)
        for question, answer in planning.questions_and_answers():
            assert question in text
            assert answer in text
        assert "Mina Mentee" in text
        assert "Marco Mentor" in text
        assert pair.program.name in text
        assert timezone.localtime(planning.updated_at).strftime("%b") in text
        assert re.search(r"Page 1 of \d+", text)

    def test_a_long_template_runs_over_numbered_pages(self, client_for, pair, mentee):
        long_answer = " ".join(["A long, considered answer."] * 110)
        PlanningTemplateFactory(
            mentorship=pair, **dict.fromkeys(PlanningTemplate.ANSWERS, long_answer)
        )
        response = client_for(mentee).get(reverse("preparation:planning_pdf", args=[pair.pk]))
        pages = PdfReader(io.BytesIO(response.content)).pages
        assert len(pages) > 1
        assert f"Page {len(pages)} of {len(pages)}" in pages[-1].extract_text()

    def test_the_mentor_downloads_it_once_shared(self, client_for, pair, mentor):
        PlanningTemplateFactory(
            mentorship=pair, hoped_gain="Shared-gain-text", shared_at="2026-01-01T00:00Z"
        )
        response = client_for(mentor).get(reverse("preparation:planning_pdf", args=[pair.pk]))
        assert "Shared-gain-text" in self.text_of(response)


class TestMentorshipPanel:
    def test_the_mentee_gets_the_planning_links(self, client_for, pair, mentee):
        PlanningTemplateFactory(mentorship=pair)
        response = client_for(mentee).get(pair.get_absolute_url())
        assert "Edit my planning template" in response.text
        assert reverse("preparation:planning_pdf", args=[pair.pk]) in response.text

    def test_the_mentor_gets_the_link_only_once_shared(self, client_for, pair, mentor):
        planning = PlanningTemplateFactory(mentorship=pair)
        url = reverse("preparation:planning_template", args=[pair.pk])
        client = client_for(mentor)
        assert url not in client.get(pair.get_absolute_url()).text
        for name in PlanningTemplate.ANSWERS:
            setattr(planning, name, "An answer")
        services.share_planning_template(planning=planning)
        assert url in client.get(pair.get_absolute_url()).text

    def test_coordinators_see_nothing_of_the_planning_template(
        self, client_for, pair, coordinator
    ):
        PlanningTemplateFactory(mentorship=pair, shared_at="2026-01-01T00:00Z")
        response = client_for(coordinator).get(pair.get_absolute_url())
        assert 'id="planning-panel"' not in response.text
        assert f"/mentorships/{pair.pk}/planning/" not in response.text


SECRET = "Quetzal-7781-private"


class TestPrivacy:
    """Plant unique text in everything private, then look for it as every other persona."""

    @pytest.fixture
    def secrets(self, pair, mentee, mentor):
        SelfReflectionFactory(author=mentee, challenges=f"{SECRET} reflection")
        CandidateNoteFactory(author=mentee, mentor=mentor, connection=f"{SECRET} note")
        PlanningTemplateFactory(mentorship=pair, off_limits=f"{SECRET} planning")
        return pair

    def pages(self, pair):
        candidate = reverse("preparation:candidate", args=[pair.program.pk, pair.mentor.pk])
        return [
            reverse("home"),
            pair.get_absolute_url(),
            pair.program.get_absolute_url(),
            reverse("preparation:self_reflection"),
            reverse("preparation:mentor_directory", args=[pair.program.pk]),
            candidate,
            reverse("preparation:planning_template", args=[pair.pk]),
            reverse("preparation:planning_pdf", args=[pair.pk]),
            reverse("preparation:sent_requests"),
            reverse("preparation:received_requests"),
        ]

    def test_the_author_sees_their_own_writing(self, client_for, secrets, mentee):
        client = client_for(mentee)
        assert SECRET in client.get(reverse("preparation:self_reflection")).text
        candidate = reverse("preparation:candidate", args=[secrets.program.pk, secrets.mentor.pk])
        assert SECRET in client.get(candidate).text
        planning = reverse("preparation:planning_template", args=[secrets.pk])
        assert SECRET in client.get(planning).text

    @pytest.mark.parametrize("persona", ["mentor", "coordinator", "other_coordinator", "stranger"])
    def test_nobody_else_sees_any_of_it(self, request, secrets, persona):
        _, client = as_persona(request, persona)
        for url in self.pages(secrets):
            response = client.get(url)
            assert SECRET.encode() not in response.content, url

    @pytest.mark.parametrize("persona", ["mentor", "coordinator"])
    def test_a_shared_template_still_hides_the_reflection_and_notes(
        self, request, secrets, persona
    ):
        PlanningTemplate.objects.update(shared_at="2026-01-01T00:00Z", off_limits="Shared")
        _, client = as_persona(request, persona)
        for url in self.pages(secrets):
            assert SECRET.encode() not in client.get(url).content, url

    def test_private_models_are_not_in_the_admin(self):
        for model in (SelfReflection, CandidateNote, PlanningTemplate):
            assert not admin.site.is_registered(model)

    def test_the_admin_shows_a_requests_status_but_not_its_text(self, client_for, mentor_request):
        mentor_request.why_this_mentor = SECRET
        mentor_request.save()
        staff = UserFactory(is_staff=True, is_superuser=True)
        client = client_for(staff)
        listing = client.get(reverse("admin:preparation_mentorrequest_changelist"))
        assert listing.status_code == 200
        assert "Waiting for an answer" in listing.text
        change = client.get(
            reverse("admin:preparation_mentorrequest_change", args=[mentor_request.pk])
        )
        assert change.status_code == 200
        for response in (listing, change, client.get(reverse("admin:index"))):
            assert SECRET not in response.text


class TestCoordinatorPairing:
    def url(self, program):
        return reverse("programs:new_pair", args=[program.pk])

    def test_the_coordinator_pairs_two_participants(
        self, client_for, enrolled, coordinator, mentee, mentor
    ):
        client = client_for(coordinator)
        assert "Pair a mentee with a mentor" in client.get(enrolled.get_absolute_url()).text
        form = client.get(self.url(enrolled))
        assert f'<option value="{mentee.pk}">Mina Mentee</option>' in form.text
        response = client.post(
            self.url(enrolled), {"mentee": mentee.pk, "mentor": mentor.pk}, follow=True
        )
        pair = Mentorship.objects.get()
        assert (pair.mentee, pair.mentor, pair.phase) == (mentee, mentor, Phase.PREPARING)
        assert "Mina Mentee and Marco Mentor are now a pair." in response.text

    def test_a_full_mentor_is_explained_beside_the_field(
        self, client_for, enrolled, coordinator, mentee
    ):
        full = MentorFactory(mentee_capacity=0, full_name="Fiona Full")
        ParticipantFactory(program=enrolled, user=full, role=Participant.Role.MENTOR)
        response = client_for(coordinator).post(
            self.url(enrolled), {"mentee": mentee.pk, "mentor": full.pk}
        )
        assert response.context["form"].errors == {
            "mentor": ["Fiona Full has no room for another mentee at the moment."]
        }
        assert 'id="error_1_id_mentor"' in response.text
        assert f'<option value="{mentee.pk}" selected>' in response.text

    def test_people_outside_the_program_are_not_choices(
        self, client_for, enrolled, coordinator, mentor, stranger
    ):
        response = client_for(coordinator).post(
            self.url(enrolled), {"mentee": stranger.pk, "mentor": mentor.pk}
        )
        assert "Select a valid choice" in response.context["form"].errors["mentee"][0]
        assert not Mentorship.objects.exists()

    def test_a_double_submit_explains_instead_of_failing(
        self, client_for, enrolled, coordinator, mentee, mentor
    ):
        client = client_for(coordinator)
        data = {"mentee": mentee.pk, "mentor": mentor.pk}
        client.post(self.url(enrolled), data)
        response = client.post(self.url(enrolled), data)
        assert response.status_code == 200
        assert "already have an open mentorship in this program" in response.text
        assert Mentorship.objects.count() == 1

    @pytest.mark.parametrize("persona", ["mentee", "mentor", "other_coordinator", "stranger"])
    def test_it_is_404_for_anyone_but_the_programs_coordinators(
        self, request, enrolled, mentee, mentor, persona
    ):
        _, client = as_persona(request, persona)
        assert client.get(self.url(enrolled)).status_code == 404
        data = {"mentee": mentee.pk, "mentor": mentor.pk}
        assert client.post(self.url(enrolled), data).status_code == 404
        assert not Mentorship.objects.exists()
