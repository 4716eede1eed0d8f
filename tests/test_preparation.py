"""Phase 1, Preparing: its words, the self-reflection, the mentor directory, candidate notes."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from mentoring.preparation.forms import CandidateNoteForm, PlanningTemplateForm, SelfReflectionForm
from mentoring.preparation.models import (
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    SelfReflection,
)
from mentoring.programs.models import Participant
from tests.factories import (
    CandidateNoteFactory,
    MentorFactory,
    MentorshipFactory,
    ParticipantFactory,
)
from tests.helpers import SPEC, as_persona

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
