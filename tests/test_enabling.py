import datetime
import re

import pytest
from django.contrib import admin
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.agreements import services as agreement_services
from mentoring.agreements.models import AgreementVersion, version_in_effect
from mentoring.enabling import services
from mentoring.enabling.forms import CheckInForm, SectionForm
from mentoring.enabling.models import (
    CHECK_IN_QUESTIONS,
    PLAN_ITEMS,
    ActionStep,
    CheckInAnswer,
    PairCheckIn,
    PlanSection,
    check_in_due_on,
    midpoint,
    with_check_in_dates,
)
from mentoring.enabling.panels import enabling as enabling_panel
from mentoring.programs.models import Mentorship
from mentoring.programs.panels import PairViewer
from tests.factories import (
    ActionStepFactory,
    CheckInAnswerFactory,
    MentorshipFactory,
    PlanSectionFactory,
    agreement_in_effect,
)
from tests.helpers import SPEC, pdf_text, spec_section

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
HX = {"HTTP_HX_REQUEST": "true"}


def spec_bullets(title: str) -> list[str]:
    return re.findall(r"^- (.+)$", spec_section(title), re.M)


def url(name, pair, *args):
    return reverse(f"enabling:{name}", args=[pair.pk, *args])


@pytest.fixture
def enabling(pair):
    """The pair with version 1 of their agreement in effect: three goals, planned end in 180
    days."""
    agreement_in_effect(pair)
    pair.refresh_from_db()
    return pair


@pytest.fixture
def section(enabling):
    return PlanSectionFactory(mentorship=enabling, position=1)


def step_data(pair, position=1, owner="mentee", what="Read two budget reports", target=None):
    prefix = f"goal{position}-{owner}"
    target = target or TODAY() + datetime.timedelta(days=10)
    return {f"{prefix}-what": what, f"{prefix}-target_on": str(target)}


def section_data(position=1, revision=0, **values):
    data = {f"goal{position}-{name}": values.get(name, "") for name in PlanSection.TEXT_FIELDS}
    return data | {f"goal{position}-revision": revision}


def check_in_data(**changes):
    data = {
        "meeting_rhythm": "Every two weeks suits us.",
        "following_up": "Yes, both of us.",
        "do_differently": "Meet in person once.",
        "on_track": "Yes.",
        "goals_need_change": "False",
        "goals_change_details": "",
    }
    return data | changes


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
        page = client_for(mentee).get(url("action_plan", enabling)).text
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
        page = client_for(mentor).get(url("action_plan", enabling))
        assert [plan.goal.text for plan in page.context["plans"]] == [
            "Goal 1 of the pair",
            "Goal 2 of the pair",
            "Goal 3 of the pair",
        ]
        assert "Download the action plan (PDF)" in page.text

    def test_it_waits_for_the_agreement(self, client_for, pair, mentee):
        pair.start_negotiating()
        page = client_for(mentee).get(url("action_plan", pair))
        assert "opens once you have both signed" in page.text
        response = client_for(mentee).post(
            url("add_step", pair, 1, "mentee"), step_data(pair), follow=True
        )
        assert "opens once you have both signed" in response.text
        assert not ActionStep.objects.exists()

    def test_both_members_write_a_goals_part(self, client_for, enabling, mentee, mentor):
        response = client_for(mentee).post(
            url("save_section", enabling, 2),
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
            url("save_section", enabling, 2),
            section_data(2, 1, goal_alignment="Budgets are my gap.", barriers="Time and money."),
        )
        section.refresh_from_db()
        assert (section.barriers, section.updated_by) == ("Time and money.", mentor)

    def test_a_save_from_a_stale_page_keeps_both_texts(self, client_for, section, mentee):
        section.goal_alignment, section.revision = "Saved by my mentor.", 1
        section.save()
        response = client_for(mentee).post(
            url("save_section", section.mentorship, 1),
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
            url("save_section", enabling, 1), section_data(1, success_measures=text)
        )
        assert response.status_code == 400
        assert text in response.text
        assert "at most 3000 characters" in response.text
        assert not PlanSection.objects.exists()

    def test_a_goal_the_agreement_does_not_have_is_explained(self, client_for, pair, mentee):
        agreement_in_effect(pair, goals=2)
        response = client_for(mentee).post(
            url("save_section", pair, 3), section_data(3, barriers="Time."), follow=True
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


class TestActionSteps:
    def test_a_member_adds_a_step_without_javascript(self, client_for, enabling, mentor):
        response = client_for(mentor).post(
            url("add_step", enabling, 1, "mentee"), step_data(enabling, what="Draft a budget")
        )
        assert response.status_code == 302
        step = ActionStep.objects.get()
        assert (step.what, step.owner, step.created_by) == ("Draft a budget", "mentee", mentor)
        page = client_for(mentor).get(response.url)
        assert "Action step added: Draft a budget" in page.text

    def test_with_htmx_it_returns_the_new_row_and_a_fresh_form(self, client_for, enabling, mentee):
        response = client_for(mentee).post(
            url("add_step", enabling, 2, "mentor"),
            step_data(enabling, 2, "mentor", what="Introduce Mina to finance"),
            **HX,
        )
        assert response.status_code == 200
        step = ActionStep.objects.get()
        html = response.text
        assert html.lstrip().startswith(f'<li id="step-{step.pk}"')
        assert "Introduce Mina to finance" in html
        assert "<html" not in html
        assert 'id="add-step-2-mentor"' in html
        assert 'hx-swap-oob="true"' in html
        assert "autofocus" in html
        assert 'hx-swap-oob="innerHTML:#plan-status"' in html

    def test_a_target_date_before_the_start_is_refused_and_the_text_kept(
        self, client_for, enabling, mentee
    ):
        early = timezone.localdate(enabling.started_at) - datetime.timedelta(days=1)
        data = step_data(enabling, what="Typed with care", target=early)
        response = client_for(mentee).post(url("add_step", enabling, 1, "mentee"), data)
        assert response.status_code == 400
        assert "A target date cannot be before the mentorship started" in response.text
        assert 'value="Typed with care"' in response.text
        assert f'value="{early}"' in response.text
        htmx = client_for(mentee).post(url("add_step", enabling, 1, "mentee"), data, **HX)
        assert "A target date cannot be before the mentorship started" in htmx.text
        assert 'value="Typed with care"' in htmx.text
        assert "<li" not in htmx.text
        assert not ActionStep.objects.exists()

    def test_the_service_refuses_a_date_before_the_start_too(self, enabling, mentee):
        with pytest.raises(services.ValidationError, match="before the mentorship started"):
            services.add_step(
                mentorship=enabling,
                position=1,
                owner="mentee",
                what="Sneaky",
                target_on=datetime.date(2000, 1, 1),
                user=mentee,
            )

    def test_an_over_long_step_is_refused_and_kept(self, client_for, enabling, mentee):
        text = "y" * 301
        response = client_for(mentee).post(
            url("add_step", enabling, 1, "mentee"), step_data(enabling, what=text)
        )
        assert response.status_code == 400
        assert "at most 300 characters" in response.text
        assert text in response.text

    def test_an_unknown_owner_is_404(self, client_for, enabling, mentee):
        response = client_for(mentee).post(
            url("add_step", enabling, 1, "coach"), step_data(enabling, owner="coach")
        )
        assert response.status_code == 404

    def test_overdue_steps_stand_out_with_words(self, client_for, section, mentee):
        late = ActionStepFactory(
            section=section, what="Late step", target_on=TODAY() - datetime.timedelta(days=1)
        )
        ActionStepFactory(section=section, what="Future step")
        ActionStepFactory(
            section=section,
            what="Late but done",
            target_on=TODAY() - datetime.timedelta(days=3),
            done_at=timezone.now(),
            done_by=mentee,
        )
        assert list(ActionStep.objects.overdue()) == [late]
        page = client_for(mentee).get(url("action_plan", section.mentorship)).text
        rows = dict(
            re.findall(
                r'<li id="step-\d+".*?>\s*<div.*?>\s*<span.*?>(.+?)</span>(.*?)</li>', page, re.S
            )
        )
        assert "Overdue" in rows["Late step"]
        assert "Overdue" not in rows["Future step"]
        assert "Overdue" not in rows["Late but done"]
        assert "Done" in rows["Late but done"]

    def test_the_owner_ticks_their_step_done(self, client_for, section, mentor):
        step = ActionStepFactory(section=section, owner="mentor")
        response = client_for(mentor).post(
            url("tick_step", section.mentorship, step.pk), {"done": "yes"}
        )
        assert response.status_code == 302
        step.refresh_from_db()
        assert (step.is_done, step.done_by) == (True, mentor)

    def test_with_htmx_the_tick_returns_the_updated_row(self, client_for, section, mentee):
        step = ActionStepFactory(section=section, owner="mentee")
        response = client_for(mentee).post(
            url("tick_step", section.mentorship, step.pk), {"done": "yes"}, **HX
        )
        assert response.text.lstrip().startswith(f'<li id="step-{step.pk}"')
        assert "Mark not done" in response.text

    def test_nobody_ticks_the_partners_step(self, client_for, section, mentee, mentor):
        mentors_step = ActionStepFactory(section=section, owner="mentor")
        mentees_step = ActionStepFactory(section=section, owner="mentee")
        pair = section.mentorship
        assert (
            client_for(mentee)
            .post(url("tick_step", pair, mentors_step.pk), {"done": "yes"})
            .status_code
            == 403
        )
        assert (
            client_for(mentor)
            .post(url("tick_step", pair, mentees_step.pk), {"done": "yes"})
            .status_code
            == 403
        )
        assert not ActionStep.objects.filter(done_at__isnull=False).exists()
        with pytest.raises(services.PlanError, match="Only Marco Mentor ticks"):
            services.set_step_done(step=mentors_step, mentorship=pair, user=mentee, done=True)

    def test_the_partner_sees_no_tick_button_on_the_owners_step(self, client_for, section, mentee):
        ActionStepFactory(section=section, owner="mentor", what="Mentor's own step")
        page = client_for(mentee).get(url("action_plan", section.mentorship)).text
        assert "Mark done" not in page

    def test_a_double_tick_keeps_the_first_time(self, section, mentee):
        step = ActionStepFactory(section=section, owner="mentee")
        pair = section.mentorship
        assert services.set_step_done(step=step, mentorship=pair, user=mentee, done=True)
        first = step.done_at
        assert not services.set_step_done(step=step, mentorship=pair, user=mentee, done=True)
        step.refresh_from_db()
        assert step.done_at == first
        assert services.set_step_done(step=step, mentorship=pair, user=mentee, done=False)
        step.refresh_from_db()
        assert step.done_at is None

    def test_either_member_removes_a_step(self, client_for, section, mentor):
        step = ActionStepFactory(section=section, owner="mentee")
        response = client_for(mentor).post(url("remove_step", section.mentorship, step.pk), **HX)
        assert response.status_code == 200
        assert "Action step removed" in response.text
        assert "<li" not in response.text
        assert not ActionStep.objects.exists()

    def test_a_second_removal_is_explained(self, client_for, section, mentee):
        step = ActionStepFactory(section=section)
        client = client_for(mentee)
        client.post(url("remove_step", section.mentorship, step.pk))
        response = client.post(url("remove_step", section.mentorship, step.pk), follow=True)
        assert "That action step had already been removed." in response.text

    def test_another_pairs_step_is_out_of_reach(self, client_for, enabling, mentee):
        other = MentorshipFactory()
        agreement_in_effect(other)
        theirs = ActionStepFactory(section=PlanSectionFactory(mentorship=other))
        client = client_for(mentee)
        client.post(url("remove_step", enabling, theirs.pk))
        client.post(url("tick_step", enabling, theirs.pk), {"done": "yes"})
        theirs.refresh_from_db()
        assert not theirs.is_done


def edit_data(step, what="Read three budget reports", target=None):
    target = target or TODAY() + datetime.timedelta(days=20)
    return {f"step{step.pk}-what": what, f"step{step.pk}-target_on": str(target)}


class TestEditingSteps:
    @pytest.fixture
    def step(self, section, mentee):
        return ActionStepFactory(
            section=section, owner="mentee", what="Read two budget reports", created_by=mentee
        )

    def test_every_row_has_an_edit_button_that_works_without_javascript(
        self, client_for, step, mentor
    ):
        client = client_for(mentor)
        plan = client.get(url("action_plan", step.section.mentorship)).text
        assert f'href="{url("edit_step", step.section.mentorship, step.pk)}"' in plan
        page = client.get(url("edit_step", step.section.mentorship, step.pk))
        assert page.status_code == 200
        assert "<html" in page.text
        assert 'value="Read two budget reports"' in page.text
        assert "hx-post" not in page.text
        target = TODAY() + datetime.timedelta(days=20)
        response = client.post(url("edit_step", step.section.mentorship, step.pk), edit_data(step))
        assert response.status_code == 302
        assert response.url.endswith("#goal-1")
        step.refresh_from_db()
        assert (step.what, step.target_on, step.owner) == (
            "Read three budget reports",
            target,
            "mentee",
        )
        assert "Action step saved: Read three budget reports" in client.get(response.url).text

    def test_with_htmx_the_row_turns_into_a_form_and_back(self, client_for, step, mentee):
        client = client_for(mentee)
        pair = step.section.mentorship
        form = client.get(url("edit_step", pair, step.pk), **HX).text
        assert form.lstrip().startswith(f'<li id="step-{step.pk}"')
        assert "<html" not in form
        assert f'hx-post="{url("edit_step", pair, step.pk)}"' in form
        assert "autofocus" in form
        assert f'hx-get="{url("step", pair, step.pk)}"' in form
        saved = client.post(url("edit_step", pair, step.pk), edit_data(step), **HX).text
        assert saved.lstrip().startswith(f'<li id="step-{step.pk}"')
        assert "Read three budget reports" in saved
        assert 'hx-swap-oob="innerHTML:#plan-status"' in saved
        assert "Action step saved" in saved
        cancelled = client.get(url("step", pair, step.pk), **HX).text
        assert cancelled.lstrip().startswith(f'<li id="step-{step.pk}"')
        assert "<form" in cancelled and "Edit" in cancelled
        assert client.get(url("step", pair, step.pk)).url.endswith(url("action_plan", pair))

    def test_a_bad_date_is_refused_and_the_text_kept(self, client_for, step, mentee):
        pair = step.section.mentorship
        early = timezone.localdate(pair.started_at) - datetime.timedelta(days=1)
        data = edit_data(step, what="Typed with care", target=early)
        response = client_for(mentee).post(url("edit_step", pair, step.pk), data)
        assert response.status_code == 400
        assert "A target date cannot be before the mentorship started" in response.text
        assert 'value="Typed with care"' in response.text
        assert f'value="{early}"' in response.text
        htmx = client_for(mentee).post(url("edit_step", pair, step.pk), data, **HX)
        assert htmx.text.lstrip().startswith(f'<li id="step-{step.pk}"')
        assert "A target date cannot be before the mentorship started" in htmx.text
        assert 'value="Typed with care"' in htmx.text
        assert "was not saved" in htmx.text
        step.refresh_from_db()
        assert step.what == "Read two budget reports"

    @pytest.mark.parametrize(
        ("what", "message"), [("", "This field is required."), ("y" * 301, "at most 300")]
    )
    def test_empty_or_over_long_words_are_refused(self, client_for, step, mentee, what, message):
        response = client_for(mentee).post(
            url("edit_step", step.section.mentorship, step.pk), edit_data(step, what=what)
        )
        assert response.status_code == 400
        assert message in response.text
        step.refresh_from_db()
        assert step.what == "Read two budget reports"

    def test_saving_it_unchanged_says_so(self, client_for, step, mentee):
        data = edit_data(step, what=step.what, target=step.target_on)
        response = client_for(mentee).post(
            url("edit_step", step.section.mentorship, step.pk), data, follow=True
        )
        assert "Nothing had changed" in response.text

    def test_a_done_step_stays_done_when_its_words_change(self, client_for, step, mentee):
        services.set_step_done(
            step=step, mentorship=step.section.mentorship, user=mentee, done=True
        )
        client_for(mentee).post(
            url("edit_step", step.section.mentorship, step.pk), edit_data(step)
        )
        step.refresh_from_db()
        assert step.is_done and step.what == "Read three budget reports"

    def test_a_removed_step_is_explained(self, client_for, step, mentee, mentor):
        pair = step.section.mentorship
        client_for(mentor).post(url("remove_step", pair, step.pk))
        response = client_for(mentee).post(
            url("edit_step", pair, step.pk), edit_data(step), follow=True
        )
        assert "That action step has been removed." in response.text
        htmx = client_for(mentee).get(url("edit_step", pair, step.pk), **HX)
        assert "has been removed" in htmx.text
        assert "<li" not in htmx.text

    def test_the_service_checks_the_date_and_the_member(self, step, stranger):
        pair = step.section.mentorship
        with pytest.raises(services.ValidationError, match="before the mentorship started"):
            services.edit_step(
                step=step,
                mentorship=pair,
                user=pair.mentee,
                what="Sneaky",
                target_on=datetime.date(2000, 1, 1),
            )
        with pytest.raises(services.PlanError, match="Only the mentor and the mentee"):
            services.edit_step(
                step=step, mentorship=pair, user=stranger, what="x", target_on=TODAY()
            )

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_everyone_else_gets_404(self, request, client_for, step, persona):
        client = client_for(request.getfixturevalue(persona))
        pair = step.section.mentorship
        assert client.get(url("edit_step", pair, step.pk)).status_code == 404
        assert client.get(url("step", pair, step.pk), **HX).status_code == 404
        assert client.post(url("edit_step", pair, step.pk), edit_data(step)).status_code == 404
        step.refresh_from_db()
        assert step.what == "Read two budget reports"

    def test_another_pairs_step_is_out_of_reach(self, client_for, enabling, mentee):
        other = MentorshipFactory()
        agreement_in_effect(other)
        theirs = ActionStepFactory(section=PlanSectionFactory(mentorship=other), what="Theirs")
        client_for(mentee).post(url("edit_step", enabling, theirs.pk), edit_data(theirs))
        theirs.refresh_from_db()
        assert theirs.what == "Theirs"

    def test_a_closed_pair_is_read_only(self, client_for, step, mentee):
        pair = step.section.mentorship
        pair.close()
        client = client_for(mentee)
        assert client.get(url("edit_step", pair, step.pk)).status_code == 403
        assert client.post(url("edit_step", pair, step.pk), edit_data(step)).status_code == 403
        assert url("edit_step", pair, step.pk) not in client.get(url("action_plan", pair)).text


class TestClosedPairs:
    def test_the_plan_is_read_only(self, client_for, section, mentee):
        ActionStepFactory(section=section, what="A finished step")
        section.mentorship.close()
        page = client_for(mentee).get(url("action_plan", section.mentorship))
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
        assert client.post(url("save_section", pair, 1), section_data()).status_code == 403
        assert client.post(url("add_step", pair, 1, "mentee"), step_data(pair)).status_code == 403
        assert client.post(url("remove_step", pair, step.pk)).status_code == 403
        assert client.post(url("tick_step", pair, step.pk), {"done": "yes"}).status_code == 403
        assert client.post(url("check_in", pair), check_in_data()).status_code == 403
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
        response = client_for(mentor).get(url("action_plan_pdf", enabling))
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        for expected in [
            "Action Plan",
            "Mentorship Starting Date",
            "Mentor Name: Marco Mentor",
            "Mentee Name: Mina Mentee",
            *PLAN_ITEMS,
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
        response = client_for(mentor).get(url("action_plan_pdf", enabling))
        assert "Action plan · Siobhán O'Brien and Marco Mentor" in pdf_text(response.content)


class TestCheckInDueDate:
    def test_it_is_halfway_from_the_first_version_in_effect_to_the_planned_end(self, pair):
        start = timezone.make_aware(datetime.datetime(2026, 1, 1, 9))
        agreement_in_effect(pair, planned_end_on=datetime.date(2026, 7, 1))
        pair.agreement.versions.update(in_effect_at=start)
        assert check_in_due_on(pair) == datetime.date(2026, 4, 1)

    def test_an_amendment_moves_the_end_but_not_the_start(self, pair, mentee, mentor):
        version = agreement_in_effect(pair)
        start = timezone.make_aware(datetime.datetime(2026, 1, 1, 9))
        pair.agreement.versions.update(in_effect_at=start)
        amendment = agreement_services.amend(agreement=version.agreement, user=mentee)
        amendment.planned_end_on = datetime.date(2026, 3, 2)
        amendment.save()
        for user in (mentee, mentor):
            agreement_services.sign(
                version=amendment, user=user, typed_name=user.full_name, revision=1
            )
        assert check_in_due_on(pair) == datetime.date(2026, 1, 31)

    def test_there_is_none_without_an_end_or_an_agreement(self, pair):
        assert check_in_due_on(pair) is None
        agreement_in_effect(pair, planned_end_on=None)
        assert check_in_due_on(pair) is None
        assert midpoint(None, TODAY()) is None

    def test_a_list_of_pairs_gets_its_dates_in_one_query(self, pair, django_assert_num_queries):
        agreement_in_effect(pair)
        MentorshipFactory.create_batch(3)
        with django_assert_num_queries(1):
            pairs = list(with_check_in_dates(Mentorship.objects.all()))
        due = {m.pk: midpoint(m.agreement_in_effect_at, m.agreement_planned_end_on) for m in pairs}
        assert due[pair.pk] == check_in_due_on(pair)
        assert sum(date is not None for date in due.values()) == 1


class TestCheckIn:
    def test_the_pairs_check_in_is_the_one_rule_on_who_reads_which_answers(
        self, enabling, mentee, mentor
    ):
        mine = CheckInAnswerFactory(mentorship=enabling, author=mentee)
        check_in = PairCheckIn.of(enabling)
        assert (check_in.own(mentee), check_in.own(mentor)) == (mine, None)
        assert check_in.partners(mentor) is None
        assert check_in.partner_has_answered(mentor)
        assert not check_in.partner_has_answered(mentee)
        assert (check_in.is_shared, check_in.shared()) == (False, [])
        theirs = CheckInAnswerFactory(mentorship=enabling, author=mentor)
        check_in = PairCheckIn.of(enabling)
        assert (check_in.partners(mentor), check_in.partners(mentee)) == (mine, theirs)
        assert check_in.shared() == [("Mentee", mentee, mine), ("Mentor", mentor, theirs)]

    def test_answers_stay_private_until_both_have_answered(
        self, client_for, enabling, mentee, mentor, coordinator
    ):
        secret = "PLANTED-MENTEE-ANSWER-7731"
        response = client_for(mentee).post(
            url("check_in", enabling), check_in_data(on_track=secret)
        )
        assert response.status_code == 302
        assert secret in client_for(mentee).get(url("check_in", enabling)).text

        mentor_page = client_for(mentor).get(url("check_in", enabling)).text
        assert secret not in mentor_page
        assert "Mina Mentee has answered" in mentor_page
        assert client_for(coordinator).get(url("check_in", enabling)).status_code == 404
        assert secret not in client_for(coordinator).get(enabling.get_absolute_url()).text

        client_for(mentor).post(url("check_in", enabling), check_in_data(on_track="MENTOR-7732"))
        assert secret in client_for(mentor).get(url("check_in", enabling)).text
        assert "MENTOR-7732" in client_for(mentee).get(url("check_in", enabling)).text
        pair_page = client_for(coordinator).get(enabling.get_absolute_url()).text
        assert secret not in pair_page
        assert "MENTOR-7732" not in pair_page
        assert "Both answered" in pair_page

    def test_the_coordinator_sees_the_status_as_it_moves(
        self, client_for, enabling, mentee, mentor, coordinator
    ):
        client = client_for(coordinator)
        assert (
            "Mid-way check-in:\n      Not answered" in client.get(enabling.get_absolute_url()).text
        )
        CheckInAnswerFactory(mentorship=enabling, author=mentee)
        assert "One answered" in client.get(enabling.get_absolute_url()).text

    def test_asking_for_help_shows_the_coordinator_a_flag_and_emails_them(
        self,
        client_for,
        enabling,
        mentor,
        coordinator,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(mentor).post(
                url("check_in", enabling),
                check_in_data(needs_help="on", do_differently="SECRET-HELP-TEXT"),
                follow=True,
            )
        assert "Your coordinator has been asked to get in touch." in response.text
        assert [m.to for m in mailoutbox] == [[coordinator.email]]
        assert "SECRET-HELP-TEXT" not in mailoutbox[0].body
        page = client_for(coordinator).get(enabling.get_absolute_url()).text
        assert "Help requested" in page
        assert "SECRET-HELP-TEXT" not in page
        with django_capture_on_commit_callbacks(execute=True):
            client_for(mentor).post(url("check_in", enabling), check_in_data(needs_help="on"))
        assert len(mailoutbox) == 1

    def test_no_help_asked_shows_no_flag(self, client_for, enabling, mentee, coordinator):
        client_for(mentee).post(url("check_in", enabling), check_in_data())
        assert (
            "Help requested" not in client_for(coordinator).get(enabling.get_absolute_url()).text
        )

    def test_goals_needing_change_link_to_amending_the_agreement(
        self, client_for, enabling, mentee
    ):
        response = client_for(mentee).post(
            url("check_in", enabling),
            check_in_data(goals_need_change="True", goals_change_details="Drop goal 3."),
            follow=True,
        )
        amend = reverse("agreements:amend", args=[enabling.pk])
        assert f'action="{amend}"' in response.text
        assert "Amend the agreement" in response.text

    def test_no_change_needed_shows_no_amend_link(self, client_for, enabling, mentee):
        response = client_for(mentee).post(url("check_in", enabling), check_in_data(), follow=True)
        assert "Amend the agreement" not in response.text

    def test_yes_without_saying_what_is_refused(self, client_for, enabling, mentee):
        response = client_for(mentee).post(
            url("check_in", enabling),
            check_in_data(goals_need_change="True", on_track="Kept text 42"),
        )
        assert response.status_code == 400
        assert "Say what needs to change in the goals." in response.text
        assert "Kept text 42" in response.text

    def test_over_long_answers_are_refused_and_kept(self, client_for, enabling, mentee):
        text = "z" * 3001
        response = client_for(mentee).post(url("check_in", enabling), check_in_data(on_track=text))
        assert response.status_code == 400
        assert "at most 3000 characters" in response.text
        assert text in response.text
        assert not CheckInAnswer.objects.exists()

    def test_answering_again_updates_the_same_answers(self, client_for, enabling, mentee):
        client = client_for(mentee)
        client.post(url("check_in", enabling), check_in_data())
        client.post(url("check_in", enabling), check_in_data(on_track="Better now."))
        assert CheckInAnswer.objects.get().on_track == "Better now."

    def test_it_waits_for_the_agreement(self, client_for, pair, mentee):
        pair.start_negotiating()
        response = client_for(mentee).post(url("check_in", pair), check_in_data(), follow=True)
        assert "opens once you have both signed" in response.text
        assert not CheckInAnswer.objects.exists()

    def test_the_answers_are_not_in_the_admin(self):
        for model in (CheckInAnswer, PlanSection, ActionStep):
            assert not admin.site.is_registered(model)


PAGES = ["action_plan", "action_plan_pdf", "check_in"]
OTHERS = ["coordinator", "other_coordinator", "stranger"]


def actions(pair, step):
    return [
        (url("save_section", pair, 1), section_data(goal_alignment="x")),
        (url("add_step", pair, 1, "mentee"), step_data(pair)),
        (url("remove_step", pair, step.pk), {}),
        (url("tick_step", pair, step.pk), {"done": "yes"}),
        (url("check_in", pair), check_in_data()),
    ]


class TestAccess:
    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    @pytest.mark.parametrize("page", PAGES)
    def test_the_pair_sees_every_page(self, request, enabling, persona, page):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        assert client.get(url(page, enabling)).status_code == 200

    @pytest.mark.parametrize("persona", OTHERS)
    @pytest.mark.parametrize("page", PAGES)
    def test_everyone_else_gets_404_on_the_pages(self, request, enabling, persona, page):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        assert client.get(url(page, enabling)).status_code == 404

    @pytest.mark.parametrize("persona", OTHERS)
    def test_everyone_else_gets_404_on_the_actions(self, request, section, persona):
        step = ActionStepFactory(section=section)
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        for action, data in actions(section.mentorship, step):
            assert client.post(action, data).status_code == 404, action
        step.refresh_from_db()
        assert not step.is_done
        assert ActionStep.objects.count() == 1
        assert not CheckInAnswer.objects.exists()
        section.refresh_from_db()
        assert section.revision == 0

    @pytest.mark.parametrize("page", PAGES)
    def test_anonymous_visitors_are_asked_to_sign_in(self, client, enabling, page):
        response = client.get(url(page, enabling))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_anonymous_actions_change_nothing(self, client, section):
        step = ActionStepFactory(section=section)
        for action, data in actions(section.mentorship, step):
            response = client.post(action, data)
            assert response.status_code == 302
            assert response.url.startswith(reverse("account_login"))
        assert ActionStep.objects.count() == 1

    @pytest.mark.parametrize("name", ["save_section", "add_step", "remove_step", "tick_step"])
    def test_actions_only_accept_post(self, client_for, section, mentee, name):
        step = ActionStepFactory(section=section)
        args = {"save_section": [1], "add_step": [1, "mentee"]}.get(name, [step.pk])
        assert client_for(mentee).get(url(name, section.mentorship, *args)).status_code == 405

    def test_an_unknown_mentorship_is_404(self, client_for, mentee):
        assert (
            client_for(mentee).get(reverse("enabling:action_plan", args=[99999])).status_code
            == 404
        )

    def test_the_coordinator_sees_no_plan_on_the_pairs_page(
        self, client_for, section, coordinator
    ):
        ActionStepFactory(section=section, what="PRIVATE-STEP-4410")
        page = client_for(coordinator).get(section.mentorship.get_absolute_url()).text
        assert "PRIVATE-STEP-4410" not in page
        assert url("action_plan", section.mentorship) not in page
        assert url("check_in", section.mentorship) not in page
        assert "Mid-way check-in" in page


def grow(pair, scale):
    """`scale` steps of each kind under each of the three goals, some done, some overdue,
    and both members' check-in answers."""
    for position in (1, 2, 3):
        section = PlanSectionFactory(mentorship=pair, position=position)
        for owner in ("mentee", "mentor"):
            ActionStepFactory.create_batch(scale, section=section, owner=owner)
            ActionStepFactory.create_batch(
                scale, section=section, owner=owner, target_on=TODAY() - datetime.timedelta(days=1)
            )
            ActionStepFactory.create_batch(
                scale, section=section, owner=owner, done_at=timezone.now(), done_by=pair.mentee
            )
    CheckInAnswerFactory(mentorship=pair, author=pair.mentee, needs_help=True)
    CheckInAnswerFactory(mentorship=pair, author=pair.mentor)


class TestQueryCounts:
    @pytest.mark.parametrize("scale", [1, 10])
    def test_the_plan_page_does_not_grow_with_steps(
        self, client_for, enabling, mentee, scale, django_assert_max_num_queries
    ):
        grow(enabling, scale)
        client = client_for(mentee)
        # session + user, the pair with its people, the version in effect and its goals,
        # the sections and their steps
        with django_assert_max_num_queries(7):
            response = client.get(url("action_plan", enabling))
        assert response.status_code == 200
        assert len(response.context["plans"][0].steps["mentee"]) == 3 * scale

    @pytest.mark.parametrize("scale", [1, 10])
    @pytest.mark.parametrize("is_member", [True, False])
    def test_the_pairs_page_panel_does_not_grow_with_the_plan(
        self, enabling, coordinator, scale, is_member, django_assert_max_num_queries
    ):
        grow(enabling, scale)
        user = enabling.mentee if is_member else coordinator
        viewer = PairViewer(enabling, user, is_member=is_member, can_edit=is_member)
        # the agreement's dates with the check-in answers and the help flag, and for members
        # the counts of steps
        with django_assert_max_num_queries(2 if is_member else 1):
            panel = enabling_panel(viewer)
            html = render_to_string(panel.template, panel.context)
        assert "Mid-way check-in" in html
        assert ("overdue" in html) is is_member

    def test_the_pairs_page_costs_the_same_for_a_small_and_a_large_plan(
        self, client_for, program, coordinator
    ):
        counts = {}
        for scale in (1, 10):
            pair = MentorshipFactory(program=program)
            agreement_in_effect(pair)
            grow(pair, scale)
            for person in (pair.mentee, coordinator):
                client = client_for(person)
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(pair.get_absolute_url()).status_code == 200
                counts[scale, person == coordinator] = len(queries)
        assert counts[1, True] == counts[10, True]
        assert counts[1, False] == counts[10, False]

    def test_the_check_in_page_runs_a_fixed_number_of_queries(
        self, client_for, enabling, mentee, django_assert_max_num_queries
    ):
        grow(enabling, 1)
        client = client_for(mentee)
        # session + user, the pair, the answers, the version in effect and its goals,
        # the due date
        with django_assert_max_num_queries(7):
            client.get(url("check_in", enabling))
