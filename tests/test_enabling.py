"""Phase 3, Enabling: the action plan's words, its sections, a closed pair's plan, the PDF."""

import datetime
import re

import pytest

from mentoring.agreements import services as agreement_services
from mentoring.agreements.models import AgreementVersion, version_in_effect
from mentoring.enabling import services
from mentoring.enabling.forms import CheckInForm, SectionForm
from mentoring.enabling.models import (
    CHECK_IN_QUESTIONS,
    PLAN_ITEMS,
    ActionStep,
    CheckInAnswer,
    PlanSection,
)
from tests.factories import ActionStepFactory, PlanSectionFactory, agreement_in_effect
from tests.helpers import (
    SPEC,
    TODAY,
    check_in_data,
    enabling_url,
    pdf_text,
    section_data,
    spec_section,
    step_data,
)

pytestmark = pytest.mark.django_db


def spec_bullets(title: str) -> list[str]:
    return re.findall(r"^- (.+)$", spec_section(title), re.M)


class TestLabelsAreTheToolkitsWords:
    def test_the_plan_has_the_six_items_of_the_template(self):
        assert spec_bullets("Action Plan template") == PLAN_ITEMS

    def test_the_section_form_labels_are_the_written_items(self):
        form = SectionForm(section=PlanSection(position=1))
        labels = [form[name].label for name in PlanSection.TEXT_FIELDS]
        items = spec_bullets("Action Plan template")
        assert labels == [items[0], items[3], items[4], items[5]]

    def test_the_page_shows_the_header_and_every_item_for_each_goal(
        self, client_for, enabling, mentee
    ):
        page = client_for(mentee).get(enabling_url("action_plan", enabling)).text
        header = re.search(r"Header: (.+?)\. Then", SPEC.read_text()).group(1).split(", ")
        assert header == ["Mentorship Starting Date", "Mentor Name", "Mentee Name"]
        for label in header:
            assert f">{label}</dt>" in page
        for item in PLAN_ITEMS:
            assert page.count(item.replace("'", "&#x27;")) >= 3, item

    def test_the_check_in_questions_are_the_checklist(self):
        bullets = spec_bullets("Mid-way check-in checklist")
        assert bullets == CHECK_IN_QUESTIONS
        form = CheckInForm(instance=None)
        names = ["meeting_rhythm", "following_up", "do_differently", "on_track"]
        assert [form[name].label for name in [*names, "goals_need_change"]] == bullets
        assert form["needs_help"].label == "We need help from the coordinator"


class TestThePlan:
    def test_it_has_one_part_per_goal_with_the_goals_text(self, client_for, enabling, mentor):
        page = client_for(mentor).get(enabling_url("action_plan", enabling))
        assert [plan.goal.text for plan in page.context["plans"]] == [
            "Goal 1 of the pair",
            "Goal 2 of the pair",
            "Goal 3 of the pair",
        ]
        assert "Download the action plan (PDF)" in page.text

    def test_it_waits_for_the_agreement(self, client_for, pair, mentee):
        pair.start_negotiating()
        page = client_for(mentee).get(enabling_url("action_plan", pair))
        assert "opens once you have both signed" in page.text
        response = client_for(mentee).post(
            enabling_url("add_step", pair, 1, "mentee"), step_data(pair), follow=True
        )
        assert "opens once you have both signed" in response.text
        assert not ActionStep.objects.exists()

    def test_both_members_write_a_goals_part(self, client_for, enabling, mentee, mentor):
        response = client_for(mentee).post(
            enabling_url("save_section", enabling, 2),
            section_data(2, goal_alignment="Budgets are my gap.", barriers="Time."),
        )
        assert response.status_code == 302
        assert response.url.endswith("#goal-2")
        section = PlanSection.objects.get(mentorship=enabling, position=2)
        assert (section.goal_alignment, section.barriers, section.revision) == (
            "Budgets are my gap.",
            "Time.",
            1,
        )
        client_for(mentor).post(
            enabling_url("save_section", enabling, 2),
            section_data(2, 1, goal_alignment="Budgets are my gap.", barriers="Time and money."),
        )
        section.refresh_from_db()
        assert (section.barriers, section.updated_by) == ("Time and money.", mentor)

    def test_a_save_from_a_stale_page_keeps_both_texts(self, client_for, section, mentee):
        section.goal_alignment, section.revision = "Saved by my mentor.", 1
        section.save()
        response = client_for(mentee).post(
            enabling_url("save_section", section.mentorship, 1),
            section_data(1, 0, goal_alignment="Typed by me."),
        )
        assert response.status_code == 409
        assert "Typed by me." in response.text
        assert "Saved by my mentor." in response.text
        assert "Nothing of yours was saved" in response.text
        section.refresh_from_db()
        assert section.goal_alignment == "Saved by my mentor."

    def test_over_long_text_is_refused_and_kept(self, client_for, enabling, mentee):
        text = "x" * 3001
        response = client_for(mentee).post(
            enabling_url("save_section", enabling, 1), section_data(1, success_measures=text)
        )
        assert response.status_code == 400
        assert text in response.text
        assert "at most 3000 characters" in response.text
        assert not PlanSection.objects.exists()

    def test_a_goal_the_agreement_does_not_have_is_explained(self, client_for, pair, mentee):
        agreement_in_effect(pair, goals=2)
        response = client_for(mentee).post(
            enabling_url("save_section", pair, 3), section_data(3, barriers="Time."), follow=True
        )
        assert "Your agreement in effect has no goal 3." in response.text

    def test_an_amended_agreement_keeps_the_plan_by_goal_position(
        self, enabling, section, mentee, mentor
    ):
        version = enabling.agreement.versions.get()
        amendment = agreement_services.amend(agreement=version.agreement, user=mentee)
        amendment.goals.filter(position=1).update(text="Goal 1, reworded")
        for user in (mentee, mentor):
            agreement_services.sign(
                version=amendment, user=user, typed_name=user.full_name, revision=1
            )
        amendment.refresh_from_db()
        assert amendment.status == AgreementVersion.Status.IN_EFFECT
        plans = services.plan_of(enabling, version_in_effect(enabling))
        assert plans[0].goal.text == "Goal 1, reworded"
        assert plans[0].section == section


class TestClosedPairs:
    def test_the_plan_is_read_only(self, client_for, section, mentee):
        ActionStepFactory(section=section, what="A finished step")
        section.mentorship.close()
        page = client_for(mentee).get(enabling_url("action_plan", section.mentorship))
        assert page.status_code == 200
        assert "A finished step" in page.text
        assert "read-only" in page.text
        assert "<textarea" not in page.text
        assert "Add step" not in page.text
        assert "Mark done" not in page.text

    def test_every_change_is_refused(self, client_for, section, mentee):
        step = ActionStepFactory(section=section)
        pair = section.mentorship
        pair.close()
        client = client_for(mentee)
        assert (
            client.post(enabling_url("save_section", pair, 1), section_data()).status_code == 403
        )
        assert (
            client.post(enabling_url("add_step", pair, 1, "mentee"), step_data(pair)).status_code
            == 403
        )
        assert client.post(enabling_url("remove_step", pair, step.pk)).status_code == 403
        assert (
            client.post(enabling_url("tick_step", pair, step.pk), {"done": "yes"}).status_code
            == 403
        )
        assert client.post(enabling_url("check_in", pair), check_in_data()).status_code == 403
        assert ActionStep.objects.count() == 1
        assert not CheckInAnswer.objects.exists()

    def test_the_service_refuses_too(self, section, mentee):
        section.mentorship.close()
        with pytest.raises(services.PlanError, match="read-only"):
            services.add_step(
                mentorship=section.mentorship,
                position=1,
                owner="mentee",
                what="Late idea",
                target_on=TODAY(),
                user=mentee,
            )


class TestPdf:
    def test_it_holds_every_answer_and_step_with_page_numbers(self, client_for, enabling, mentor):
        section = PlanSectionFactory(
            mentorship=enabling,
            position=2,
            goal_alignment="Alignment words",
            support="The finance team",
            barriers="Busy season",
            success_measures="A budget approved",
        )
        ActionStepFactory(section=section, owner="mentee", what="Mentee step text")
        ActionStepFactory(
            section=section,
            owner="mentor",
            what="Mentor step text",
            target_on=TODAY() - datetime.timedelta(days=2),
        )
        response = client_for(mentor).get(enabling_url("action_plan_pdf", enabling))
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        for expected in [
            "Action Plan",
            "Mentorship Starting Date",
            "Mentor Name: Marco Mentor",
            "Mentee Name: Mina Mentee",
            *map(str, PLAN_ITEMS),
            "Goal 1 of the pair",
            "Goal 3 of the pair",
            "Alignment words",
            "The finance team",
            "Busy season",
            "A budget approved",
            "Mentee step text",
            "Mentor step text",
            "Overdue",
            "Page 1 of",
        ]:
            assert expected in text, expected

    def test_it_names_the_pair_in_the_footer_as_typed(self, client_for, enabling, mentor, mentee):
        mentee.full_name = "Siobhán O'Brien"
        mentee.save(update_fields=["full_name"])
        response = client_for(mentor).get(enabling_url("action_plan_pdf", enabling))
        assert "Action plan · Siobhán O'Brien and Marco Mentor" in pdf_text(response.content)
