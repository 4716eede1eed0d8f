"""The action plan's steps: adding, removing, ticking off and editing them."""

import datetime
import re

import pytest
from django.utils import timezone

from mentoring.enabling import services
from mentoring.enabling.models import ActionStep
from tests.factories import (
    ActionStepFactory,
    MentorshipFactory,
    PlanSectionFactory,
    agreement_in_effect,
)
from tests.helpers import TODAY, enabling_url, step_data

pytestmark = pytest.mark.django_db


HX = {"HTTP_HX_REQUEST": "true"}


class TestActionSteps:
    def test_a_member_adds_a_step_without_javascript(self, client_for, enabling, mentor):
        response = client_for(mentor).post(
            enabling_url("add_step", enabling, 1, "mentee"),
            step_data(enabling, what="Draft a budget"),
        )
        assert response.status_code == 302
        step = ActionStep.objects.get()
        assert (step.what, step.owner, step.created_by) == ("Draft a budget", "mentee", mentor)
        page = client_for(mentor).get(response.url)
        assert "Action step added: Draft a budget" in page.text

    def test_with_htmx_it_returns_the_new_row_and_a_fresh_form(self, client_for, enabling, mentee):
        response = client_for(mentee).post(
            enabling_url("add_step", enabling, 2, "mentor"),
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
        response = client_for(mentee).post(enabling_url("add_step", enabling, 1, "mentee"), data)
        assert response.status_code == 400
        assert "A target date cannot be before the mentorship started" in response.text
        assert 'value="Typed with care"' in response.text
        assert f'value="{early}"' in response.text
        htmx = client_for(mentee).post(enabling_url("add_step", enabling, 1, "mentee"), data, **HX)
        assert "A target date cannot be before the mentorship started" in htmx.text
        assert 'value="Typed with care"' in htmx.text
        # No step row: only the form comes back, with its error summary.
        assert 'id="step-' not in htmx.text
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
            enabling_url("add_step", enabling, 1, "mentee"), step_data(enabling, what=text)
        )
        assert response.status_code == 400
        assert "at most 300 characters" in response.text
        assert text in response.text

    def test_an_unknown_owner_is_404(self, client_for, enabling, mentee):
        response = client_for(mentee).post(
            enabling_url("add_step", enabling, 1, "coach"), step_data(enabling, owner="coach")
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
        page = client_for(mentee).get(enabling_url("action_plan", section.mentorship)).text
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
            enabling_url("tick_step", section.mentorship, step.pk), {"done": "yes"}
        )
        assert response.status_code == 302
        step.refresh_from_db()
        assert (step.is_done, step.done_by) == (True, mentor)

    def test_with_htmx_the_tick_returns_the_updated_row(self, client_for, section, mentee):
        step = ActionStepFactory(section=section, owner="mentee")
        response = client_for(mentee).post(
            enabling_url("tick_step", section.mentorship, step.pk), {"done": "yes"}, **HX
        )
        assert response.text.lstrip().startswith(f'<li id="step-{step.pk}"')
        assert "Mark not done" in response.text

    def test_nobody_ticks_the_partners_step(self, client_for, section, mentee, mentor):
        mentors_step = ActionStepFactory(section=section, owner="mentor")
        mentees_step = ActionStepFactory(section=section, owner="mentee")
        pair = section.mentorship
        assert (
            client_for(mentee)
            .post(enabling_url("tick_step", pair, mentors_step.pk), {"done": "yes"})
            .status_code
            == 403
        )
        assert (
            client_for(mentor)
            .post(enabling_url("tick_step", pair, mentees_step.pk), {"done": "yes"})
            .status_code
            == 403
        )
        assert not ActionStep.objects.filter(done_at__isnull=False).exists()
        with pytest.raises(services.PlanError, match="Only Marco Mentor ticks"):
            services.set_step_done(step=mentors_step, mentorship=pair, user=mentee, done=True)

    def test_the_partner_sees_no_tick_button_on_the_owners_step(self, client_for, section, mentee):
        ActionStepFactory(section=section, owner="mentor", what="Mentor's own step")
        page = client_for(mentee).get(enabling_url("action_plan", section.mentorship)).text
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
        response = client_for(mentor).post(
            enabling_url("remove_step", section.mentorship, step.pk), **HX
        )
        assert response.status_code == 200
        assert "Action step removed" in response.text
        assert "<li" not in response.text
        assert not ActionStep.objects.exists()

    def test_a_second_removal_is_explained(self, client_for, section, mentee):
        step = ActionStepFactory(section=section)
        client = client_for(mentee)
        client.post(enabling_url("remove_step", section.mentorship, step.pk))
        response = client.post(
            enabling_url("remove_step", section.mentorship, step.pk), follow=True
        )
        assert "That action step had already been removed." in response.text

    def test_another_pairs_step_is_out_of_reach(self, client_for, enabling, mentee):
        other = MentorshipFactory()
        agreement_in_effect(other)
        theirs = ActionStepFactory(section=PlanSectionFactory(mentorship=other))
        client = client_for(mentee)
        client.post(enabling_url("remove_step", enabling, theirs.pk))
        client.post(enabling_url("tick_step", enabling, theirs.pk), {"done": "yes"})
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
        plan = client.get(enabling_url("action_plan", step.section.mentorship)).text
        assert f'href="{enabling_url("edit_step", step.section.mentorship, step.pk)}"' in plan
        page = client.get(enabling_url("edit_step", step.section.mentorship, step.pk))
        assert page.status_code == 200
        assert "<html" in page.text
        assert 'value="Read two budget reports"' in page.text
        assert "hx-post" not in page.text
        target = TODAY() + datetime.timedelta(days=20)
        response = client.post(
            enabling_url("edit_step", step.section.mentorship, step.pk), edit_data(step)
        )
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
        form = client.get(enabling_url("edit_step", pair, step.pk), **HX).text
        assert form.lstrip().startswith(f'<li id="step-{step.pk}"')
        assert "<html" not in form
        assert f'hx-post="{enabling_url("edit_step", pair, step.pk)}"' in form
        assert "autofocus" in form
        assert f'hx-get="{enabling_url("step", pair, step.pk)}"' in form
        saved = client.post(enabling_url("edit_step", pair, step.pk), edit_data(step), **HX).text
        assert saved.lstrip().startswith(f'<li id="step-{step.pk}"')
        assert "Read three budget reports" in saved
        assert 'hx-swap-oob="innerHTML:#plan-status"' in saved
        assert "Action step saved" in saved
        cancelled = client.get(enabling_url("step", pair, step.pk), **HX).text
        assert cancelled.lstrip().startswith(f'<li id="step-{step.pk}"')
        assert "<form" in cancelled and "Edit" in cancelled
        assert client.get(enabling_url("step", pair, step.pk)).url.endswith(
            enabling_url("action_plan", pair)
        )

    def test_a_bad_date_is_refused_and_the_text_kept(self, client_for, step, mentee):
        pair = step.section.mentorship
        early = timezone.localdate(pair.started_at) - datetime.timedelta(days=1)
        data = edit_data(step, what="Typed with care", target=early)
        response = client_for(mentee).post(enabling_url("edit_step", pair, step.pk), data)
        assert response.status_code == 400
        assert "A target date cannot be before the mentorship started" in response.text
        assert 'value="Typed with care"' in response.text
        assert f'value="{early}"' in response.text
        htmx = client_for(mentee).post(enabling_url("edit_step", pair, step.pk), data, **HX)
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
            enabling_url("edit_step", step.section.mentorship, step.pk), edit_data(step, what=what)
        )
        assert response.status_code == 400
        assert message in response.text
        step.refresh_from_db()
        assert step.what == "Read two budget reports"

    def test_saving_it_unchanged_says_so(self, client_for, step, mentee):
        data = edit_data(step, what=step.what, target=step.target_on)
        response = client_for(mentee).post(
            enabling_url("edit_step", step.section.mentorship, step.pk), data, follow=True
        )
        assert "Nothing had changed" in response.text

    def test_a_done_step_stays_done_when_its_words_change(self, client_for, step, mentee):
        services.set_step_done(
            step=step, mentorship=step.section.mentorship, user=mentee, done=True
        )
        client_for(mentee).post(
            enabling_url("edit_step", step.section.mentorship, step.pk), edit_data(step)
        )
        step.refresh_from_db()
        assert step.is_done and step.what == "Read three budget reports"

    def test_a_removed_step_is_explained(self, client_for, step, mentee, mentor):
        pair = step.section.mentorship
        client_for(mentor).post(enabling_url("remove_step", pair, step.pk))
        response = client_for(mentee).post(
            enabling_url("edit_step", pair, step.pk), edit_data(step), follow=True
        )
        assert "That action step has been removed." in response.text
        htmx = client_for(mentee).get(enabling_url("edit_step", pair, step.pk), **HX)
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
        assert client.get(enabling_url("edit_step", pair, step.pk)).status_code == 404
        assert client.get(enabling_url("step", pair, step.pk), **HX).status_code == 404
        assert (
            client.post(enabling_url("edit_step", pair, step.pk), edit_data(step)).status_code
            == 404
        )
        step.refresh_from_db()
        assert step.what == "Read two budget reports"

    def test_another_pairs_step_is_out_of_reach(self, client_for, enabling, mentee):
        other = MentorshipFactory()
        agreement_in_effect(other)
        theirs = ActionStepFactory(section=PlanSectionFactory(mentorship=other), what="Theirs")
        client_for(mentee).post(enabling_url("edit_step", enabling, theirs.pk), edit_data(theirs))
        theirs.refresh_from_db()
        assert theirs.what == "Theirs"

    def test_a_closed_pair_is_read_only(self, client_for, step, mentee):
        pair = step.section.mentorship
        pair.close()
        client = client_for(mentee)
        assert client.get(enabling_url("edit_step", pair, step.pk)).status_code == 403
        assert (
            client.post(enabling_url("edit_step", pair, step.pk), edit_data(step)).status_code
            == 403
        )
        assert (
            enabling_url("edit_step", pair, step.pk)
            not in client.get(enabling_url("action_plan", pair)).text
        )
