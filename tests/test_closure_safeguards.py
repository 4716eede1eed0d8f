"""Completing a closure is for good: it asks "I understand" first (without JavaScript), and it
waits until both members have recorded every goal's outcome, saying which goals still need one
from whom, by the form."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from mentoring.agreements.models import Goal
from mentoring.closure import services
from mentoring.closure.forms import CompleteForm
from mentoring.closure.models import Reason, outcomes_still_to_record
from tests.factories import GoalOutcomeFactory, agreement_in_effect
from tests.helpers import as_persona

pytestmark = pytest.mark.django_db

UNDERSTOOD = "I understand this ends the mentorship for good"


def url(name, pair):
    return reverse(f"closure:{name}", args=[pair.pk])


@pytest.fixture
def closing(pair, mentee, mentor):
    """The pair in the Closure phase, its agreement (three goals) in effect, no outcomes yet."""
    agreement_in_effect(pair)
    proposal = services.propose_closure(
        mentorship=pair, user=mentee, reason=Reason.OTHER, reason_other="Moving abroad"
    )
    services.confirm_closure(closure=proposal, user=mentor)
    pair.refresh_from_db()
    return pair


def goals(pair):
    return list(Goal.objects.in_effect_for(pair).order_by("position"))


def record_all(pair, *, but=()):
    """Both members' outcome for every goal, except the (goal position, person) in `but`."""
    for goal in goals(pair):
        for person in (pair.mentee, pair.mentor):
            if (goal.position, person) not in but:
                GoalOutcomeFactory(goal=goal, mentorship=pair, author=person)


class TestTheRule:
    def test_nothing_is_missing_once_both_recorded_every_goal(self, closing):
        record_all(closing)
        assert outcomes_still_to_record(closing) == []

    def test_it_names_each_goal_and_who_still_owes_its_outcome(self, closing, mentee, mentor):
        record_all(closing, but=[(2, mentor), (3, mentee), (3, mentor)])
        missing = outcomes_still_to_record(closing)
        assert [(row.goal.position, row.still_to_say) for row in missing] == [
            (2, [mentor]),
            (3, [mentee, mentor]),
        ]

    def test_completing_is_refused_until_every_outcome_is_in(self, closing, mentor):
        record_all(closing, but=[(2, mentor)])
        with pytest.raises(services.OutcomesMissing) as refused:
            services.complete_closure(mentorship=closing)
        assert str(refused.value) == "Goal 2 still needs an outcome from Marco Mentor."
        assert refused.value.message_for(mentor) == "Goal 2 still needs an outcome from you."
        closing.refresh_from_db()
        assert closing.is_open

    def test_it_completes_once_every_outcome_is_in(self, closing):
        record_all(closing)
        services.complete_closure(mentorship=closing)
        closing.refresh_from_db()
        assert not closing.is_open

    def test_the_form_needs_the_box_ticked(self):
        assert not CompleteForm({}).is_valid()
        assert CompleteForm({"understood": "on"}).is_valid()
        assert CompleteForm().fields["understood"].label == UNDERSTOOD


class TestThePage:
    def test_it_asks_for_the_box_and_lists_what_is_still_to_record(
        self, client_for, closing, mentee
    ):
        record_all(closing, but=[(1, mentee), (3, closing.mentor)])
        page = client_for(mentee).get(url("closure", closing)).text
        assert UNDERSTOOD in page
        assert 'type="checkbox" name="understood"' in page
        assert "Goal 1: from you" in page
        assert "Goal 3: from Marco Mentor" in page
        assert "Still needs an outcome from you." in page

    def test_without_the_box_it_is_refused_by_the_box(self, client_for, closing, mentee):
        record_all(closing)
        response = client_for(mentee).post(url("complete", closing), {})
        assert response.status_code == 400
        form = response.context["complete_form"]
        assert form.errors["understood"] == [
            "Tick the box to say you understand that completing the closure ends the "
            "mentorship for good."
        ]
        assert escape(form.errors["understood"][0]) in response.text
        closing.refresh_from_db()
        assert closing.is_open

    def test_missing_outcomes_are_named_by_the_form_and_the_tick_is_kept(
        self, client_for, closing, mentee, mentor
    ):
        record_all(closing, but=[(2, mentor), (3, mentee)])
        response = client_for(mentee).post(url("complete", closing), {"understood": "on"})
        assert response.status_code == 400
        message = "Goal 2 still needs an outcome from Marco Mentor; goal 3 from you."
        assert response.context["complete_form"].non_field_errors() == [message]
        assert message in response.text
        assert re.search(r'<input[^>]*name="understood"[^>]*checked', response.text)
        closing.refresh_from_db()
        assert closing.is_open

    def test_both_problems_are_said_at_once(self, client_for, closing, mentor):
        response = client_for(mentor).post(url("complete", closing), {})
        assert response.status_code == 400
        form = response.context["complete_form"]
        assert "understood" in form.errors
        assert form.non_field_errors() == [
            "Goal 1 still needs an outcome from Mina Mentee and you; goal 2 from Mina Mentee "
            "and you; goal 3 from Mina Mentee and you."
        ]

    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    def test_with_the_box_and_every_outcome_either_member_completes(
        self, request, closing, persona
    ):
        record_all(closing)
        _, client = as_persona(request, persona)
        response = client.post(url("complete", closing), {"understood": "on"}, follow=True)
        assert "Closure is complete" in response.text
        closing.refresh_from_db()
        assert not closing.is_open

    def test_before_the_closure_phase_it_says_so(self, client_for, pair, mentee):
        agreement_in_effect(pair)
        response = client_for(mentee).post(
            url("complete", pair), {"understood": "on"}, follow=True
        )
        assert "This comes in the Closure phase" in response.text
        pair.refresh_from_db()
        assert pair.is_open

    def test_a_closed_page_shows_no_box(self, client_for, closing, mentee):
        record_all(closing)
        services.complete_closure(mentorship=closing)
        page = client_for(mentee).get(url("closure", closing)).text
        assert UNDERSTOOD not in page
        assert "Still needs an outcome" not in page


class TestAccess:
    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_nobody_else_completes(self, request, closing, persona):
        record_all(closing)
        _, client = as_persona(request, persona)
        response = client.post(url("complete", closing), {"understood": "on"})
        assert response.status_code == 404
        closing.refresh_from_db()
        assert closing.is_open

    def test_a_closed_pair_refuses_completing_again(self, client_for, closing, mentee):
        record_all(closing)
        services.complete_closure(mentorship=closing)
        response = client_for(mentee).post(url("complete", closing), {"understood": "on"})
        assert response.status_code == 403
