"""Closure: a coordinator closing a pair, who reaches which page and action, and the queries
its pages cost."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.closure import services
from mentoring.closure.models import ClosingReflection, Closure, GoalOutcome, Reason, ThankYouNote
from tests.factories import (
    AgreementVersionFactory,
    ClosingReflectionFactory,
    ClosureFactory,
    GoalFactory,
    GoalOutcomeFactory,
    ThankYouNoteFactory,
)
from tests.helpers import as_persona, closure_url, goals_in_effect

pytestmark = pytest.mark.django_db


class TestCoordinatorClosing:
    def test_the_coordinator_closes_with_a_reason_and_both_are_told(
        self,
        client_for,
        enabling,
        coordinator,
        mentee,
        mentor,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        client = client_for(coordinator)
        assert client.get(closure_url("coordinator_close", enabling)).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                closure_url("coordinator_close", enabling),
                {"reason": "circumstances_changed"},
                follow=True,
            )
        assert "The mentorship is closed." in response.text
        enabling.refresh_from_db()
        assert not enabling.is_open
        closure = Closure.objects.get()
        assert (closure.status, closure.proposed_by) == ("by_coordinator", coordinator)
        assert sorted(mail.to[0] for mail in mailoutbox) == sorted([mentee.email, mentor.email])
        assert "Circumstances changed" in mailoutbox[0].body

    def test_a_pair_in_any_phase_can_be_closed(self, client_for, pair, coordinator):
        client_for(coordinator).post(
            closure_url("coordinator_close", pair), {"reason": "other", "reason_other": "Left"}
        )
        pair.refresh_from_db()
        assert not pair.is_open

    def test_closing_an_already_closed_pair_is_explained(self, client_for, closed, coordinator):
        response = client_for(coordinator).post(
            closure_url("coordinator_close", closed), {"reason": "goals_achieved"}, follow=True
        )
        assert "This mentorship is already closed; nothing changed." in response.text
        assert not Closure.objects.filter(status="by_coordinator").exists()

    def test_the_service_refuses_a_closed_pair(self, closed, coordinator):
        with pytest.raises(services.ClosureError, match="already closed"):
            services.close_by_coordinator(
                mentorship=closed, coordinator=coordinator, reason=Reason.OTHER, reason_other="x"
            )

    def test_a_bad_reason_keeps_the_form(self, client_for, enabling, coordinator):
        response = client_for(coordinator).post(
            closure_url("coordinator_close", enabling), {"reason": "other", "reason_other": ""}
        )
        assert response.status_code == 400
        assert "Say what the other reason is." in response.text
        assert enabling.is_open

    @pytest.mark.parametrize("persona", ["other_coordinator", "stranger", "mentee", "mentor"])
    def test_nobody_else_may_close_it_this_way(self, request, enabling, persona):
        _, client = as_persona(request, persona)
        assert client.get(closure_url("coordinator_close", enabling)).status_code == 404
        response = client.post(
            closure_url("coordinator_close", enabling), {"reason": "goals_achieved"}
        )
        assert response.status_code == 404
        enabling.refresh_from_db()
        assert enabling.is_open


class TestAccess:
    PAGES = ["closure", "portfolio"]
    ACTIONS = ["propose", "reflection", "thanks", "offer_to_mentor", "complete"]

    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    @pytest.mark.parametrize("page", [*PAGES, "certificate"])
    def test_the_pair_reaches_every_page(self, request, closed, persona, page):
        _, client = as_persona(request, persona)
        assert client.get(closure_url(page, closed)).status_code == 200

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    @pytest.mark.parametrize("page", [*PAGES, "certificate"])
    def test_everyone_else_gets_404_on_the_pages(self, request, closed, persona, page):
        _, client = as_persona(request, persona)
        assert client.get(closure_url(page, closed)).status_code == 404

    @pytest.mark.parametrize("page", [*PAGES, "certificate", "coordinator_close"])
    def test_anonymous_visitors_are_asked_to_sign_in(self, client, closed, page):
        response = client.get(closure_url(page, closed))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    @pytest.mark.parametrize("action", ACTIONS)
    def test_everyone_else_gets_404_on_the_actions(self, request, in_closure, persona, action):
        user, client = as_persona(request, persona)
        response = client.post(closure_url(action, in_closure), {"reason": "other", "text": "x"})
        assert response.status_code == 404
        user.refresh_from_db()
        assert not user.open_to_mentoring
        in_closure.refresh_from_db()
        assert in_closure.is_open

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    @pytest.mark.parametrize("action", ["confirm", "decline"])
    def test_everyone_else_gets_404_on_a_proposal(self, request, proposal, persona, action):
        _, client = as_persona(request, persona)
        assert (
            client.post(closure_url(action, proposal.mentorship, proposal.pk)).status_code == 404
        )
        proposal.refresh_from_db()
        assert proposal.is_pending

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_everyone_else_gets_404_on_an_outcome(self, request, in_closure, persona):
        _, client = as_persona(request, persona)
        goal = goals_in_effect(in_closure)[0]
        response = client.post(
            closure_url("outcome", in_closure, goal.pk), {"outcome": "achieved"}
        )
        assert response.status_code == 404

    @pytest.mark.parametrize("action", [*ACTIONS, "confirm", "decline", "outcome"])
    def test_anonymous_actions_are_asked_to_sign_in(self, client, proposal, action):
        args = [proposal.pk] if action in ("confirm", "decline", "outcome") else []
        response = client.post(closure_url(action, proposal.mentorship, *args))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("action", ACTIONS)
    def test_actions_only_accept_post(self, client_for, in_closure, mentee, action):
        assert client_for(mentee).get(closure_url(action, in_closure)).status_code == 405

    def test_an_unknown_mentorship_is_404(self, client_for, mentee):
        assert client_for(mentee).get(reverse("closure:closure", args=[99999])).status_code == 404

    def test_the_coordinator_sees_status_and_reason_category_only(
        self, client_for, in_closure, coordinator, mentee, mentor
    ):
        goal = goals_in_effect(in_closure)[0]
        GoalOutcomeFactory(goal=goal, author=mentee, comment="OUTCOME-COMMENT-TEXT")
        ClosingReflectionFactory(mentorship=in_closure, author=mentee, feelings="FEELINGS-TEXT")
        ThankYouNoteFactory(mentorship=in_closure, text="THANKS-TEXT")
        page = client_for(coordinator).get(in_closure.get_absolute_url()).text
        assert "Both agreed to close on" in page
        assert "reason: Goals achieved" in page
        for private in ("OUTCOME-COMMENT-TEXT", "FEELINGS-TEXT", "THANKS-TEXT"):
            assert private not in page
        assert f'href="{closure_url("closure", in_closure)}"' not in page
        assert closure_url("coordinator_close", in_closure) in page

    def test_the_coordinator_sees_the_category_not_the_other_reason(
        self, client_for, enabling, coordinator, mentee
    ):
        services.propose_closure(
            mentorship=enabling, user=mentee, reason=Reason.OTHER, reason_other="PRIVATE-WHY"
        )
        page = client_for(coordinator).get(enabling.get_absolute_url()).text
        assert "Proposed to close (reason: Other)" in page
        assert "PRIVATE-WHY" not in page

    def test_the_members_see_the_panel(self, client_for, proposal, mentor):
        page = client_for(mentor).get(proposal.mentorship.get_absolute_url()).text
        assert "Mina Mentee proposes to close (reason: Goals achieved)" in page
        assert closure_url("closure", proposal.mentorship) in page
        assert closure_url("coordinator_close", proposal.mentorship) not in page

    def test_closure_records_are_not_in_the_admin(self):
        for model in (Closure, GoalOutcome, ClosingReflection, ThankYouNote):
            assert not admin.site.is_registered(model)


def grow_closure(pair, scale):
    """`scale` declined proposals, and outcomes by both on every goal of `scale` versions."""
    for _ in range(scale):
        ClosureFactory(
            mentorship=pair,
            status="declined",
            answered_by=pair.mentor,
            answered_at=timezone.now(),
        )
    for number in range(2, scale + 2):
        version = AgreementVersionFactory(
            agreement=pair.agreement,
            number=number,
            status="superseded",
            in_effect_at=timezone.now() - datetime.timedelta(days=number),
        )
        for position in (1, 2, 3):
            goal = GoalFactory(version=version, position=position)
            for author in (pair.mentee, pair.mentor):
                GoalOutcomeFactory(goal=goal, author=author, mentorship=pair)


class TestQueryCounts:
    @pytest.mark.parametrize("scale", [1, 10])
    def test_the_closure_page_does_not_grow(
        self, client_for, in_closure, mentee, scale, django_assert_max_num_queries
    ):
        grow_closure(in_closure, scale)
        for goal in goals_in_effect(in_closure):
            GoalOutcomeFactory(goal=goal, author=in_closure.mentor)
        client = client_for(mentee)
        # session + user, the pair with its people, its closures with people, the goals in
        # effect, their outcomes, my reflection, the thank-you
        with django_assert_max_num_queries(8):
            response = client.get(closure_url("closure", in_closure))
        assert len(response.context["goal_rows"]) == 3

    @pytest.mark.parametrize("scale", [1, 10])
    def test_the_closure_panel_and_steps_add_constant_queries_to_the_pairs_page(
        self, client_for, in_closure, mentee, scale
    ):
        grow_closure(in_closure, scale)
        client = client_for(mentee)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(in_closure.get_absolute_url())
        assert "Both agreed to close on" in response.text
        # The other phases' panels count their own queries. The closure panel's is the latest
        # proposal or decision, one query however many proposals there were; the phase's steps
        # read the goal outcomes and the viewer's closing reflection, one query each.
        closure_queries = [q["sql"] for q in queries if '"closure_' in q["sql"]]
        assert len(closure_queries) == 3, [q[:150] for q in closure_queries]
