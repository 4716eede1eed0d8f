"""Enabling: who reaches the plan and check-in pages and actions, and the queries they cost."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.enabling.models import ActionStep, CheckInAnswer
from mentoring.enabling.panels import enabling as enabling_panel
from mentoring.programs.panels import PairViewer
from tests.factories import (
    ActionStepFactory,
    CheckInAnswerFactory,
    MentorshipFactory,
    PlanSectionFactory,
    agreement_in_effect,
)
from tests.helpers import TODAY, check_in_data, enabling_url, section_data, step_data

pytestmark = pytest.mark.django_db


PAGES = ["action_plan", "action_plan_pdf", "check_in"]
OTHERS = ["coordinator", "other_coordinator", "stranger"]


def actions(pair, step):
    return [
        (enabling_url("save_section", pair, 1), section_data(goal_alignment="x")),
        (enabling_url("add_step", pair, 1, "mentee"), step_data(pair)),
        (enabling_url("remove_step", pair, step.pk), {}),
        (enabling_url("tick_step", pair, step.pk), {"done": "yes"}),
        (enabling_url("check_in", pair), check_in_data()),
    ]


class TestAccess:
    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    @pytest.mark.parametrize("page", PAGES)
    def test_the_pair_sees_every_page(self, request, enabling, persona, page):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        assert client.get(enabling_url(page, enabling)).status_code == 200

    @pytest.mark.parametrize("persona", OTHERS)
    @pytest.mark.parametrize("page", PAGES)
    def test_everyone_else_gets_404_on_the_pages(self, request, enabling, persona, page):
        client = request.getfixturevalue("client_for")(request.getfixturevalue(persona))
        assert client.get(enabling_url(page, enabling)).status_code == 404

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
        response = client.get(enabling_url(page, enabling))
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
        assert (
            client_for(mentee).get(enabling_url(name, section.mentorship, *args)).status_code
            == 405
        )

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
        assert enabling_url("action_plan", section.mentorship) not in page
        assert enabling_url("check_in", section.mentorship) not in page
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
            response = client.get(enabling_url("action_plan", enabling))
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
        # the agreement's versions (which the agreement panel reads too), the check-in answers
        # (Enabling's steps' too), and for members the counts of steps
        with django_assert_max_num_queries(3 if is_member else 2):
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
            client.get(enabling_url("check_in", enabling))
