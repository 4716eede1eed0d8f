"""The planning template: drafting and sharing it, its PDF, and its links on the pair's page."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mentoring.preparation import services
from mentoring.preparation.models import PlanningTemplate
from tests.factories import PlanningTemplateFactory
from tests.helpers import as_persona, pdf_text

pytestmark = pytest.mark.django_db


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
