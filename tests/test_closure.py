import datetime
import io

import pytest
from django.contrib import admin
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mentoring.closure import services
from mentoring.closure.forms import OutcomeForm, ReasonForm, ReflectionForm, ThankYouForm
from mentoring.closure.models import (
    FEELINGS,
    GUIDANCE,
    OFFER,
    STEPS,
    THANKS,
    ClosingReflection,
    Closure,
    GoalOutcome,
    Reason,
    ThankYouNote,
)
from mentoring.meetings.models import AgendaQuestion, KickStarterCategory, KickStarterQuestion
from mentoring.programs.models import Phase
from tests.factories import (
    ActionStepFactory,
    AgreementVersionFactory,
    CandidateNoteFactory,
    CheckInAnswerFactory,
    ClosingReflectionFactory,
    ClosureFactory,
    GoalFactory,
    GoalOutcomeFactory,
    MeetingFactory,
    PlanningTemplateFactory,
    PlanSectionFactory,
    ReflectionFactory,
    SelfReflectionFactory,
    ThankYouNoteFactory,
    agreement_in_effect,
)
from tests.helpers import SPEC, as_persona, pdf_text

pytestmark = pytest.mark.django_db


def spec_phase_4() -> tuple[str, list[str]]:
    """The paragraph and the bullets under the spec's "## Phase 4 – Closure"."""
    section = SPEC.read_text().split("\n## Phase 4 – Closure\n", 1)[1].split("\n#", 1)[0]
    bullets = [line[2:].strip() for line in section.splitlines() if line.startswith("- ")]
    paragraph = " ".join(line for line in section.splitlines() if line and line[:2] != "- ")
    return paragraph, bullets


def url(name, pair, *args):
    return reverse(f"closure:{name}", args=[pair.pk, *args])


@pytest.fixture
def enabling(pair):
    """The pair in Enabling, with its agreement (three goals) in effect."""
    agreement_in_effect(pair)
    return pair


@pytest.fixture
def proposal(enabling, mentee):
    return services.propose_closure(mentorship=enabling, user=mentee, reason=Reason.GOALS_ACHIEVED)


@pytest.fixture
def in_closure(proposal, mentor):
    services.confirm_closure(closure=proposal, user=mentor)
    proposal.mentorship.refresh_from_db()
    return proposal.mentorship


@pytest.fixture
def closed(in_closure):
    services.complete_closure(mentorship=in_closure)
    in_closure.refresh_from_db()
    return in_closure


def goals(pair):
    return list(pair.agreement.versions.get(status="in_effect").goals.order_by("position"))


class TestLabelsAreTheToolkitsWords:
    def test_the_four_steps_are_the_spec_bullets(self):
        _, bullets = spec_phase_4()
        assert bullets == STEPS
        assert len(bullets) == 4

    def test_the_guidance_is_the_spec_paragraph(self):
        paragraph, _ = spec_phase_4()
        assert paragraph == f"{GUIDANCE} Then:"

    def test_the_reflection_and_thank_you_fields_are_labelled_with_the_bullets(self):
        _, bullets = spec_phase_4()
        assert ReflectionForm().fields["feelings"].label == bullets[0]
        assert ThankYouForm().fields["text"].label == bullets[1]
        assert bullets[2] == OFFER

    def test_the_outcomes_are_achieved_partly_or_not(self, in_closure):
        form = OutcomeForm(goal=goals(in_closure)[0])
        labels = [label for _, label in form.fields["outcome"].choices]
        assert labels == ["Achieved", "Partly achieved", "Not achieved"]

    def test_the_reasons_are_the_four_the_issue_names(self):
        labels = [label for _, label in ReasonForm().fields["reason"].choices]
        assert labels == ["Goals achieved", "Circumstances changed", "Time to move on", "Other"]

    def test_every_closure_page_shows_the_guidance(self, client_for, enabling, mentee):
        page = client_for(mentee).get(url("closure", enabling)).text
        assert GUIDANCE in page
        for step in STEPS:
            assert step in page

    def test_the_closure_phase_page_shows_the_labels(self, client_for, in_closure, mentee):
        page = client_for(mentee).get(url("closure", in_closure)).text
        assert FEELINGS in page
        assert THANKS in page
        assert "Offer to mentor others" in page
        assert "Celebrate!" in page


class TestProposing:
    def test_the_mentee_proposes_and_the_mentor_is_asked_by_email(
        self, client_for, enabling, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(mentee).post(
                url("propose", enabling), {"reason": "goals_achieved"}, follow=True
            )
        assert "You proposed to close" in response.text
        closure = Closure.objects.get()
        assert (closure.status, closure.proposed_by, closure.reason) == (
            "proposed",
            mentee,
            "goals_achieved",
        )
        assert [mail.to for mail in mailoutbox] == [[mentor.email]]
        assert "Goals achieved" in mailoutbox[0].body
        assert url("closure", enabling) in mailoutbox[0].body

    def test_the_mentor_sees_the_proposal_with_confirm_and_decline(
        self, client_for, proposal, mentor
    ):
        page = client_for(mentor).get(url("closure", proposal.mentorship)).text
        assert "Mina Mentee proposes to close" in page
        assert url("confirm", proposal.mentorship, proposal.pk) in page
        assert url("decline", proposal.mentorship, proposal.pk) in page

    def test_the_proposer_sees_it_waits(self, client_for, proposal, mentee):
        page = client_for(mentee).get(url("closure", proposal.mentorship)).text
        assert "You proposed to close" in page
        assert "Marco Mentor has been asked to confirm" in page
        assert url("confirm", proposal.mentorship, proposal.pk) not in page

    def test_other_needs_its_reason_and_keeps_what_was_typed(self, client_for, enabling, mentee):
        client = client_for(mentee)
        response = client.post(url("propose", enabling), {"reason": "other"})
        assert response.status_code == 400
        assert "Say what the other reason is." in response.text
        too_long = "z" * 301
        response = client.post(
            url("propose", enabling), {"reason": "other", "reason_other": too_long}
        )
        assert response.status_code == 400
        assert "at most 300 characters" in response.text
        assert too_long in response.text
        assert not Closure.objects.exists()

    def test_an_other_reason_is_kept_in_the_members_words(self, client_for, enabling, mentor):
        client_for(mentor).post(
            url("propose", enabling), {"reason": "other", "reason_other": "I am retiring"}
        )
        assert Closure.objects.get().reason_text == "I am retiring"

    def test_no_reason_is_refused(self, client_for, enabling, mentee):
        response = client_for(mentee).post(url("propose", enabling), {})
        assert response.status_code == 400
        assert "This field is required." in response.text

    def test_proposing_twice_is_explained(self, client_for, proposal, mentee, mentor):
        response = client_for(mentee).post(
            url("propose", proposal.mentorship), {"reason": "time_to_move_on"}, follow=True
        )
        assert "You have already proposed to close" in response.text
        response = client_for(mentor).post(
            url("propose", proposal.mentorship), {"reason": "time_to_move_on"}, follow=True
        )
        assert "Mina Mentee has already proposed to close" in response.text
        assert Closure.objects.count() == 1

    def test_one_pending_proposal_is_a_database_rule(self, proposal, mentor):
        with pytest.raises(IntegrityError), transaction.atomic():
            ClosureFactory(mentorship=proposal.mentorship, proposed_by=mentor)

    def test_it_waits_for_the_enabling_phase(self, client_for, pair, mentee):
        response = client_for(mentee).post(
            url("propose", pair), {"reason": "goals_achieved"}, follow=True
        )
        assert "A pair proposes to close in the Enabling phase" in response.text
        assert "Closing comes after your agreement is in effect" in response.text
        assert not Closure.objects.exists()

    def test_confirming_your_own_proposal_is_explained(self, client_for, proposal, mentee):
        response = client_for(mentee).post(
            url("confirm", proposal.mentorship, proposal.pk), follow=True
        )
        assert "You proposed this yourself: Marco Mentor confirms or declines it." in response.text
        proposal.refresh_from_db()
        assert proposal.is_pending
        assert proposal.mentorship.phase == Phase.ENABLING

    def test_the_mentor_confirms_and_the_pair_moves_to_closure(self, client_for, proposal, mentor):
        response = client_for(mentor).post(
            url("confirm", proposal.mentorship, proposal.pk), follow=True
        )
        assert "You both agreed to close" in response.text
        proposal.refresh_from_db()
        assert (proposal.status, proposal.answered_by) == ("agreed", mentor)
        proposal.mentorship.refresh_from_db()
        assert proposal.mentorship.phase == Phase.CLOSURE
        assert proposal.mentorship.is_open

    def test_the_mentor_declines_and_the_pair_carries_on(self, client_for, proposal, mentor):
        client = client_for(mentor)
        response = client.post(url("decline", proposal.mentorship, proposal.pk), follow=True)
        assert "You declined the proposal to close" in response.text
        proposal.refresh_from_db()
        assert proposal.status == "declined"
        assert proposal.mentorship.phase == Phase.ENABLING
        client.post(url("propose", proposal.mentorship), {"reason": "circumstances_changed"})
        assert Closure.objects.pending().get().proposed_by == mentor

    def test_answering_a_stale_proposal_is_explained(self, client_for, proposal, mentor):
        client = client_for(mentor)
        client.post(url("decline", proposal.mentorship, proposal.pk))
        response = client.post(url("confirm", proposal.mentorship, proposal.pk), follow=True)
        assert "This proposal was already declined; nothing changed." in response.text
        assert proposal.mentorship.phase == Phase.ENABLING

    def test_a_proposal_of_another_pair_is_404(self, client_for, proposal, mentor):
        other = ClosureFactory()
        client = client_for(mentor)
        assert client.post(url("confirm", proposal.mentorship, other.pk)).status_code == 404
        assert client.post(url("decline", proposal.mentorship, 99999)).status_code == 404


class TestWithdrawing:
    def test_the_proposer_withdraws_the_partner_is_told_and_the_pair_carries_on(
        self, client_for, proposal, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        client = client_for(mentee)
        assert (
            url("withdraw", proposal.mentorship, proposal.pk)
            in client.get(url("closure", proposal.mentorship)).text
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("withdraw", proposal.mentorship, proposal.pk), follow=True)
        assert "You withdrew your proposal to close" in response.text
        proposal.refresh_from_db()
        assert (proposal.status, proposal.answered_by) == ("withdrawn", mentee)
        assert proposal.answered_at is not None
        assert [mail.to for mail in mailoutbox] == [[mentor.email]]
        assert "Mina Mentee withdrew their proposal" in mailoutbox[0].subject
        assert url("closure", proposal.mentorship) in mailoutbox[0].body
        page = client_for(mentor).get(url("closure", proposal.mentorship)).text
        assert "proposes to close" not in page
        assert url("confirm", proposal.mentorship, proposal.pk) not in page
        assert 'action="' + url("propose", proposal.mentorship) in page
        panel = client_for(mentor).get(proposal.mentorship.get_absolute_url()).text
        assert "Open: no one has proposed to close." in panel

    def test_either_member_may_propose_again_afterwards(
        self, client_for, proposal, mentee, mentor
    ):
        client_for(mentee).post(url("withdraw", proposal.mentorship, proposal.pk))
        client_for(mentor).post(url("propose", proposal.mentorship), {"reason": "time_to_move_on"})
        assert Closure.objects.pending().get().proposed_by == mentor
        assert Closure.objects.count() == 2

    def test_the_partner_cannot_withdraw_it(self, client_for, proposal, mentor):
        page = client_for(mentor).get(url("closure", proposal.mentorship)).text
        assert url("withdraw", proposal.mentorship, proposal.pk) not in page
        response = client_for(mentor).post(
            url("withdraw", proposal.mentorship, proposal.pk), follow=True
        )
        assert "Mina Mentee made this proposal: confirm or decline it instead." in response.text
        proposal.refresh_from_db()
        assert proposal.is_pending

    @pytest.mark.parametrize(
        ("answer", "status"), [("confirm", "agreed"), ("decline", "declined")]
    )
    def test_an_answered_proposal_stays_answered(
        self, client_for, proposal, mentee, mentor, answer, status
    ):
        client_for(mentor).post(url(answer, proposal.mentorship, proposal.pk))
        response = client_for(mentee).post(
            url("withdraw", proposal.mentorship, proposal.pk), follow=True
        )
        assert f"This proposal was already {Closure.Status(status).label.lower()}" in response.text
        proposal.refresh_from_db()
        assert proposal.status == status

    def test_withdrawing_twice_is_explained(self, client_for, proposal, mentee):
        client = client_for(mentee)
        client.post(url("withdraw", proposal.mentorship, proposal.pk))
        response = client.post(url("withdraw", proposal.mentorship, proposal.pk), follow=True)
        assert "This proposal was already withdrawn; nothing changed." in response.text

    def test_a_closed_pair_is_read_only(self, client_for, proposal, mentee, coordinator):
        services.close_by_coordinator(
            mentorship=proposal.mentorship,
            coordinator=coordinator,
            reason=Reason.OTHER,
            reason_other="Reorganisation",
        )
        response = client_for(mentee).post(url("withdraw", proposal.mentorship, proposal.pk))
        assert response.status_code == 403
        proposal.refresh_from_db()
        assert proposal.is_pending

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_everyone_else_gets_404(self, request, proposal, persona):
        _, client = as_persona(request, persona)
        assert client.post(url("withdraw", proposal.mentorship, proposal.pk)).status_code == 404
        proposal.refresh_from_db()
        assert proposal.is_pending

    def test_it_needs_a_post_and_a_sign_in(self, client, client_for, proposal, mentee):
        address = url("withdraw", proposal.mentorship, proposal.pk)
        response = client.post(address)
        assert response.url.startswith(reverse("account_login"))
        assert client_for(mentee).get(address).status_code == 405

    def test_a_proposal_of_another_pair_is_404(self, client_for, proposal, mentee):
        other = ClosureFactory()
        response = client_for(mentee).post(url("withdraw", proposal.mentorship, other.pk))
        assert response.status_code == 404


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
        assert client.get(url("coordinator_close", enabling)).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url("coordinator_close", enabling),
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
            url("coordinator_close", pair), {"reason": "other", "reason_other": "Left"}
        )
        pair.refresh_from_db()
        assert not pair.is_open

    def test_closing_an_already_closed_pair_is_explained(self, client_for, closed, coordinator):
        response = client_for(coordinator).post(
            url("coordinator_close", closed), {"reason": "goals_achieved"}, follow=True
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
            url("coordinator_close", enabling), {"reason": "other", "reason_other": ""}
        )
        assert response.status_code == 400
        assert "Say what the other reason is." in response.text
        assert enabling.is_open

    @pytest.mark.parametrize("persona", ["other_coordinator", "stranger", "mentee", "mentor"])
    def test_nobody_else_may_close_it_this_way(self, request, enabling, persona):
        _, client = as_persona(request, persona)
        assert client.get(url("coordinator_close", enabling)).status_code == 404
        response = client.post(url("coordinator_close", enabling), {"reason": "goals_achieved"})
        assert response.status_code == 404
        enabling.refresh_from_db()
        assert enabling.is_open


class TestTheClosurePhase:
    def test_both_record_each_goals_outcome_and_see_each_others(
        self, client_for, in_closure, mentee, mentor
    ):
        first, second, _ = goals(in_closure)
        client_for(mentee).post(
            url("outcome", in_closure, first.pk),
            {f"goal-{first.pk}-outcome": "achieved", f"goal-{first.pk}-comment": "Done early"},
        )
        response = client_for(mentor).post(
            url("outcome", in_closure, first.pk),
            {f"goal-{first.pk}-outcome": "partly"},
            follow=True,
        )
        assert "Goal 1: your outcome is saved." in response.text
        assert "Done early" in response.text
        client_for(mentor).post(
            url("outcome", in_closure, first.pk), {f"goal-{first.pk}-outcome": "achieved"}
        )
        outcomes = {(o.goal, o.author): o.outcome for o in GoalOutcome.objects.all()}
        assert outcomes == {(first, mentee): "achieved", (first, mentor): "achieved"}
        page = client_for(mentee).get(url("closure", in_closure)).text
        assert f'name="goal-{second.pk}-outcome"' in page

    def test_a_goal_that_is_not_in_the_agreement_in_effect_is_404(
        self, client_for, in_closure, mentee
    ):
        client = client_for(mentee)
        data = {"outcome": "achieved"}
        assert client.post(url("outcome", in_closure, 99999), data).status_code == 404
        elsewhere = GoalFactory()
        assert client.post(url("outcome", in_closure, elsewhere.pk), data).status_code == 404
        draft = AgreementVersionFactory(agreement=in_closure.agreement, number=2)
        not_in_effect = GoalFactory(version=draft)
        assert client.post(url("outcome", in_closure, not_in_effect.pk), data).status_code == 404
        assert not GoalOutcome.objects.exists()

    def test_a_bad_outcome_keeps_the_comment(self, client_for, in_closure, mentee):
        goal = goals(in_closure)[0]
        comment = "My words, kept " + "w" * 990
        response = client_for(mentee).post(
            url("outcome", in_closure, goal.pk),
            {f"goal-{goal.pk}-outcome": "brilliant", f"goal-{goal.pk}-comment": comment},
        )
        assert response.status_code == 400
        assert "Select a valid choice." in response.text
        assert comment in response.text
        too_long = "c" * 1001
        response = client_for(mentee).post(
            url("outcome", in_closure, goal.pk),
            {f"goal-{goal.pk}-outcome": "achieved", f"goal-{goal.pk}-comment": too_long},
        )
        assert "at most 1000 characters" in response.text
        assert too_long in response.text
        assert not GoalOutcome.objects.exists()

    def test_outcomes_wait_for_the_closure_phase(self, client_for, enabling, mentee):
        goal = goals(enabling)[0]
        response = client_for(mentee).post(
            url("outcome", enabling, goal.pk), {f"goal-{goal.pk}-outcome": "achieved"}, follow=True
        )
        assert "This comes in the Closure phase" in response.text
        assert not GoalOutcome.objects.exists()

    def test_the_reflection_is_its_authors_alone(self, client_for, in_closure, mentee, mentor):
        response = client_for(mentee).post(
            url("reflection", in_closure), {"feelings": "Proud-and-tearful-7731"}, follow=True
        )
        assert "Your reflection is saved. Only you can read it." in response.text
        assert "Proud-and-tearful-7731" in response.text
        assert (
            "Proud-and-tearful-7731" not in client_for(mentor).get(url("closure", in_closure)).text
        )
        client_for(mentee).post(url("reflection", in_closure), {"feelings": "Changed my mind"})
        assert ClosingReflection.objects.get().feelings == "Changed my mind"

    def test_an_over_long_reflection_is_refused_and_kept(self, client_for, in_closure, mentee):
        too_long = "r" * 3001
        response = client_for(mentee).post(url("reflection", in_closure), {"feelings": too_long})
        assert response.status_code == 400
        assert "at most 3000 characters" in response.text
        assert too_long in response.text

    def test_the_mentee_thanks_the_mentor_who_gets_it_by_email_and_on_the_page(
        self,
        client_for,
        in_closure,
        mentee,
        mentor,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(mentee).post(
                url("thanks", in_closure), {"text": "Thank you, Marco!"}, follow=True
            )
        assert "Your thank-you note is on its way to Marco Mentor." in response.text
        assert [mail.to for mail in mailoutbox] == [[mentor.email]]
        assert "Thank you, Marco!" in mailoutbox[0].body
        page = client_for(mentor).get(url("closure", in_closure)).text
        assert "Mina Mentee thanked you on" in page
        assert "Thank you, Marco!" in page

    def test_thanking_twice_is_explained(self, client_for, in_closure, mentee):
        client = client_for(mentee)
        client.post(url("thanks", in_closure), {"text": "Thanks"})
        response = client.post(url("thanks", in_closure), {"text": "Thanks again"}, follow=True)
        assert "You already thanked Marco Mentor on" in response.text
        assert ThankYouNote.objects.get().text == "Thanks"

    def test_an_empty_or_over_long_note_is_refused_and_kept(self, client_for, in_closure, mentee):
        response = client_for(mentee).post(url("thanks", in_closure), {"text": ""})
        assert response.status_code == 400
        assert "This field is required." in response.text
        too_long = "t" * 3001
        response = client_for(mentee).post(url("thanks", in_closure), {"text": too_long})
        assert "at most 3000 characters" in response.text
        assert too_long in response.text
        assert not ThankYouNote.objects.exists()

    def test_only_the_mentee_thanks(self, client_for, in_closure, mentor):
        response = client_for(mentor).post(url("thanks", in_closure), {"text": "Thanks me"})
        assert response.status_code == 403
        assert not ThankYouNote.objects.exists()

    def test_offering_to_mentor_puts_the_mentee_in_the_pool(self, client_for, in_closure, mentee):
        mentee.mentee_capacity = 0
        mentee.save()
        response = client_for(mentee).post(url("offer_to_mentor", in_closure), follow=True)
        assert response.redirect_chain[-1][0] == reverse("accounts:profile")
        assert "Fill in your areas of expertise and how many mentees you can take" in response.text
        mentee.refresh_from_db()
        assert mentee.open_to_mentoring
        assert mentee.mentee_capacity == 1

    def test_offering_keeps_a_larger_capacity(self, in_closure, mentee):
        mentee.mentee_capacity = 4
        mentee.save()
        services.offer_to_mentor(user=mentee)
        mentee.refresh_from_db()
        assert mentee.mentee_capacity == 4

    def test_only_the_mentee_offers(self, client_for, in_closure, mentor):
        assert client_for(mentor).post(url("offer_to_mentor", in_closure)).status_code == 403

    def test_either_completes_the_closure_and_the_pair_is_read_only(
        self, client_for, in_closure, mentor
    ):
        response = client_for(mentor).post(url("complete", in_closure), follow=True)
        assert "Closure is complete: congratulations, and celebrate!" in response.text
        in_closure.refresh_from_db()
        assert not in_closure.is_open
        assert "<form" not in response.text.split('id="main"')[1]
        assert url("certificate", in_closure) in response.text

    def test_completing_comes_after_both_agree(self, client_for, enabling, mentee):
        response = client_for(mentee).post(url("complete", enabling), follow=True)
        assert "This comes in the Closure phase" in response.text
        enabling.refresh_from_db()
        assert enabling.is_open

    @pytest.mark.parametrize(
        "action", ["propose", "complete", "reflection", "thanks", "outcome", "confirm"]
    )
    def test_a_closed_pair_refuses_every_change(self, client_for, closed, mentee, action):
        args = {"outcome": [goals(closed)[0].pk], "confirm": [Closure.objects.get().pk]}
        response = client_for(mentee).post(
            url(action, closed, *args.get(action, [])), {"text": "x", "feelings": "x"}
        )
        assert response.status_code == 403
        assert not ThankYouNote.objects.exists()
        assert not ClosingReflection.objects.exists()

    @pytest.mark.parametrize(
        "name", ["agreements:amend", "meetings:schedule", "enabling:check_in"]
    )
    def test_the_other_phases_are_read_only_once_closed(self, client_for, closed, mentee, name):
        response = client_for(mentee).post(reverse(name, args=[closed.pk]), {})
        assert response.status_code == 403

    def test_the_services_refuse_a_closed_pair(self, closed, mentee):
        with pytest.raises(services.ClosureError, match="already closed"):
            services.complete_closure(mentorship=closed)
        with pytest.raises(services.ClosureError, match="already closed"):
            services.save_closing_reflection(mentorship=closed, user=mentee, feelings="late")
        with pytest.raises(services.ClosureError, match="already closed"):
            services.propose_closure(mentorship=closed, user=mentee, reason=Reason.OTHER)

    def test_the_mentee_may_still_offer_to_mentor_once_closed(self, client_for, closed, mentee):
        assert client_for(mentee).post(url("offer_to_mentor", closed)).status_code == 302
        mentee.refresh_from_db()
        assert mentee.open_to_mentoring


class TestCertificate:
    def test_it_names_the_pair_program_dates_and_goals_achieved(
        self, client_for, in_closure, mentee, mentor
    ):
        first, second, third = goals(in_closure)
        GoalOutcomeFactory(goal=first, author=mentee, outcome="achieved")
        GoalOutcomeFactory(goal=second, author=mentee, outcome="partly")
        GoalOutcomeFactory(goal=third, author=mentor, outcome="achieved")
        services.complete_closure(mentorship=in_closure)
        in_closure.refresh_from_db()
        response = client_for(mentee).get(url("certificate", in_closure))
        assert response["Content-Type"] == "application/pdf"
        assert "mentoring-certificate-mina-mentee.pdf" in response["Content-Disposition"]
        text = pdf_text(response.content)
        assert "Certificate of Completion" in text
        assert "Mina Mentee" in text
        assert "Marco Mentor" in text
        assert in_closure.program.name in text
        started = timezone.localtime(in_closure.started_at)  # the local day, not UTC's
        assert f"{started:%B} {started.day}" in text
        ended = timezone.localtime(in_closure.ended_at)
        assert f"{ended:%B} {ended.day}, {ended.year}" in text
        assert first.text in text
        assert second.text not in text
        assert third.text not in text

    def test_it_is_one_landscape_page(self, client_for, closed, mentor):
        reader = PdfReader(io.BytesIO(client_for(mentor).get(url("certificate", closed)).content))
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert box.width > box.height

    def test_it_waits_for_the_closure_to_be_complete(self, client_for, in_closure, mentee):
        response = client_for(mentee).get(url("certificate", in_closure), follow=True)
        assert "The certificate is ready once the closure is complete." in response.text


def kick_starters(count):
    """Questions of our own: a browser test's flush empties the bank its migration loaded."""
    category, _ = KickStarterCategory.objects.get_or_create(
        slug="closure-tests", defaults={"name": "Closure tests", "position": 99}
    )
    return [
        KickStarterQuestion.objects.get_or_create(
            category=category, position=number, defaults={"text": f"Kick-starter {number}?"}
        )[0]
        for number in range(1, count + 1)
    ]


def plant_private_writing(pair):
    """Unique text in everything a person writes for themselves, to look for in the PDF."""
    secrets = {
        "self-reflection": "SECRET-SELF-REFLECTION-1",
        "candidate note": "SECRET-CANDIDATE-NOTE-2",
        "closing reflection": "SECRET-CLOSING-REFLECTION-3",
    }
    SelfReflectionFactory(author=pair.mentee, strengths=secrets["self-reflection"])
    CandidateNoteFactory(
        author=pair.mentee, mentor=pair.mentor, values_based=secrets["candidate note"]
    )
    ClosingReflectionFactory(
        mentorship=pair, author=pair.mentor, feelings=secrets["closing reflection"]
    )
    return secrets


class TestPortfolio:
    def test_it_holds_the_agreements_versions_and_the_closure(
        self, client_for, in_closure, mentee, mentor
    ):
        version = in_closure.agreement.versions.get()
        version.status = "superseded"
        version.save()
        amended = AgreementVersionFactory(
            agreement=in_closure.agreement,
            number=2,
            filled=True,
            status="in_effect",
            in_effect_at=timezone.now(),
            success="AMENDED-SUCCESS-TEXT",
        )
        goal = GoalFactory(version=amended, position=1, text="The amended goal")
        GoalOutcomeFactory(goal=goal, author=mentor, outcome="partly", comment="Nearly there")
        ThankYouNoteFactory(mentorship=in_closure, text="THANK-YOU-TEXT")
        PlanningTemplateFactory(
            mentorship=in_closure, hoped_gain="SHARED-PLANNING", shared_at=timezone.now()
        )
        response = client_for(mentee).get(url("portfolio", in_closure))
        assert "mentoring-portfolio-mina-mentee.pdf" in response["Content-Disposition"]
        text = pdf_text(response.content)
        for expected in [
            "Version 1: Superseded",
            "Version 2: In effect",
            "AMENDED-SUCCESS-TEXT",
            "Goal 1 of the pair",
            "The amended goal",
            "Mentor: Partly achieved. Nearly there",
            "THANK-YOU-TEXT",
            "SHARED-PLANNING",
            "Reason: Goals achieved",
        ]:
            assert expected in text

    def test_it_holds_the_plan_the_meetings_the_shared_reflections_and_the_check_in(
        self, client_for, in_closure, mentee, mentor
    ):
        section = PlanSectionFactory(
            mentorship=in_closure, position=1, barriers="PLAN-BARRIERS-TEXT"
        )
        ActionStepFactory(section=section, owner="mentor", what="MENTOR-STEP-TEXT")
        meeting = MeetingFactory(
            mentorship=in_closure, held=True, agenda="AGENDA-TEXT", notes="SHARED-NOTES-TEXT"
        )
        (question,) = kick_starters(1)
        AgendaQuestion.objects.create(meeting=meeting, question=question, position=1)
        ReflectionFactory(
            meeting=meeting, author=mentor, learned_1="SHARED-321-TEXT", shared_at=timezone.now()
        )
        CheckInAnswerFactory(mentorship=in_closure, author=mentee, on_track="MENTEE-CHECK-IN")
        CheckInAnswerFactory(mentorship=in_closure, author=mentor, on_track="MENTOR-CHECK-IN")
        text = pdf_text(client_for(mentee).get(url("portfolio", in_closure)).content)
        for expected in [
            "Goal alignment",
            "PLAN-BARRIERS-TEXT",
            "Mentor's action steps and target dates",
            "MENTOR-STEP-TEXT",
            "AGENDA-TEXT",
            question.text,
            "SHARED-NOTES-TEXT",
            "3-2-1 reflection shared by Marco Mentor",
            "SHARED-321-TEXT",
            "MENTEE-CHECK-IN",
            "MENTOR-CHECK-IN",
        ]:
            assert expected in text

    def test_a_check_in_only_one_answered_stays_out(self, client_for, in_closure, mentee):
        CheckInAnswerFactory(mentorship=in_closure, author=mentee, on_track="LONELY-CHECK-IN")
        text = pdf_text(client_for(mentee).get(url("portfolio", in_closure)).content)
        assert "LONELY-CHECK-IN" not in text
        assert "once both of you have answered it" in text

    def test_it_never_holds_what_people_wrote_for_themselves(
        self, client_for, in_closure, mentee, mentor
    ):
        secrets = plant_private_writing(in_closure)
        PlanningTemplateFactory(mentorship=in_closure, hoped_gain="SECRET-UNSHARED-PLANNING-4")
        secrets["unshared planning"] = "SECRET-UNSHARED-PLANNING-4"
        meeting = MeetingFactory(mentorship=in_closure, held=True)
        for person in (mentee, mentor):
            ReflectionFactory(
                meeting=meeting, author=person, never_forget=f"SECRET-321-{person.pk}"
            )
            secrets[f"unshared 3-2-1 of {person}"] = f"SECRET-321-{person.pk}"
        for person in (mentee, mentor):
            text = pdf_text(client_for(person).get(url("portfolio", in_closure)).content)
            for where, secret in secrets.items():
                assert secret not in text, where
            assert "Mina Mentee" in text

    # The portfolio asks the owning apps' rules, as the pages do: what the partner reads on a
    # page is exactly what the PDF holds, in both states of each rule.
    @pytest.mark.parametrize("both_answered", [False, True])
    def test_it_holds_the_partners_check_in_exactly_when_the_check_in_page_shows_it(
        self, client_for, in_closure, mentee, mentor, both_answered
    ):
        CheckInAnswerFactory(mentorship=in_closure, author=mentor, on_track="MENTOR-CHECK-IN-7")
        if both_answered:
            CheckInAnswerFactory(mentorship=in_closure, author=mentee)
        client = client_for(mentee)
        page = client.get(reverse("enabling:check_in", args=[in_closure.pk])).text
        portfolio = pdf_text(client.get(url("portfolio", in_closure)).content)
        assert ("MENTOR-CHECK-IN-7" in page) is ("MENTOR-CHECK-IN-7" in portfolio) is both_answered

    @pytest.mark.parametrize("shared", [False, True])
    def test_it_holds_a_reflection_exactly_when_the_partners_meeting_page_shows_it(
        self, client_for, in_closure, mentee, mentor, shared
    ):
        meeting = MeetingFactory(mentorship=in_closure, held=True)
        ReflectionFactory(
            meeting=meeting,
            author=mentor,
            learned_1="MENTOR-321-7",
            shared_at=timezone.now() if shared else None,
        )
        client = client_for(mentee)
        page = client.get(meeting.get_absolute_url()).text
        portfolio = pdf_text(client.get(url("portfolio", in_closure)).content)
        assert ("MENTOR-321-7" in page) is ("MENTOR-321-7" in portfolio) is shared

    @pytest.mark.parametrize("shared", [False, True])
    def test_it_holds_the_planning_template_exactly_when_the_mentor_may_read_it(
        self, client_for, in_closure, mentor, shared
    ):
        PlanningTemplateFactory(
            mentorship=in_closure,
            hoped_gain="PLANNING-7",
            shared_at=timezone.now() if shared else None,
        )
        client = client_for(mentor)
        page = client.get(reverse("preparation:planning_template", args=[in_closure.pk]))
        portfolio = pdf_text(client.get(url("portfolio", in_closure)).content)
        assert (page.status_code == 200 and "PLANNING-7" in page.text) is shared
        assert ("PLANNING-7" in portfolio) is shared

    def test_its_action_plan_is_the_plan_pages(self, client_for, in_closure, mentee):
        section = PlanSectionFactory(mentorship=in_closure, position=2, support="SUPPORT-7")
        ActionStepFactory(section=section, owner="mentee", what="MENTEE-STEP-7")
        client = client_for(mentee)
        page = client.get(reverse("enabling:action_plan", args=[in_closure.pk])).text
        portfolio = pdf_text(client.get(url("portfolio", in_closure)).content)
        for text in ["SUPPORT-7", "MENTEE-STEP-7"]:
            assert text in page
            assert text in portfolio

    @pytest.mark.parametrize("meetings", [2, 20])
    def test_its_query_count_does_not_grow_with_meetings(
        self, client_for, in_closure, mentee, mentor, meetings, django_assert_max_num_queries
    ):
        questions = kick_starters(2)
        section = PlanSectionFactory(mentorship=in_closure, position=1)
        for number in range(meetings):
            meeting = MeetingFactory(mentorship=in_closure, held=True, notes=f"Notes {number}")
            for position, question in enumerate(questions, start=1):
                AgendaQuestion.objects.create(
                    meeting=meeting, question=question, position=position
                )
            for person in (mentee, mentor):
                ReflectionFactory(meeting=meeting, author=person, shared_at=timezone.now())
            ActionStepFactory(section=section)
        client = client_for(mentee)
        # session + user, the pair with its people; the shared planning template; versions,
        # their goals, their signatures with signers; plan sections and their steps; shared
        # reflections with meetings and authors, meetings, their agenda questions; check-in
        # answers; decided closures with people, goal outcomes with goals and authors, the
        # thank-you
        with django_assert_max_num_queries(16):
            response = client.get(url("portfolio", in_closure))
        assert response.status_code == 200


class TestAccess:
    PAGES = ["closure", "portfolio"]
    ACTIONS = ["propose", "reflection", "thanks", "offer_to_mentor", "complete"]

    @pytest.mark.parametrize("persona", ["mentee", "mentor"])
    @pytest.mark.parametrize("page", [*PAGES, "certificate"])
    def test_the_pair_reaches_every_page(self, request, closed, persona, page):
        _, client = as_persona(request, persona)
        assert client.get(url(page, closed)).status_code == 200

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    @pytest.mark.parametrize("page", [*PAGES, "certificate"])
    def test_everyone_else_gets_404_on_the_pages(self, request, closed, persona, page):
        _, client = as_persona(request, persona)
        assert client.get(url(page, closed)).status_code == 404

    @pytest.mark.parametrize("page", [*PAGES, "certificate", "coordinator_close"])
    def test_anonymous_visitors_are_asked_to_sign_in(self, client, closed, page):
        response = client.get(url(page, closed))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    @pytest.mark.parametrize("action", ACTIONS)
    def test_everyone_else_gets_404_on_the_actions(self, request, in_closure, persona, action):
        user, client = as_persona(request, persona)
        response = client.post(url(action, in_closure), {"reason": "other", "text": "x"})
        assert response.status_code == 404
        user.refresh_from_db()
        assert not user.open_to_mentoring
        in_closure.refresh_from_db()
        assert in_closure.is_open

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    @pytest.mark.parametrize("action", ["confirm", "decline"])
    def test_everyone_else_gets_404_on_a_proposal(self, request, proposal, persona, action):
        _, client = as_persona(request, persona)
        assert client.post(url(action, proposal.mentorship, proposal.pk)).status_code == 404
        proposal.refresh_from_db()
        assert proposal.is_pending

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_everyone_else_gets_404_on_an_outcome(self, request, in_closure, persona):
        _, client = as_persona(request, persona)
        goal = goals(in_closure)[0]
        response = client.post(url("outcome", in_closure, goal.pk), {"outcome": "achieved"})
        assert response.status_code == 404

    @pytest.mark.parametrize("action", [*ACTIONS, "confirm", "decline", "outcome"])
    def test_anonymous_actions_are_asked_to_sign_in(self, client, proposal, action):
        args = [proposal.pk] if action in ("confirm", "decline", "outcome") else []
        response = client.post(url(action, proposal.mentorship, *args))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("action", ACTIONS)
    def test_actions_only_accept_post(self, client_for, in_closure, mentee, action):
        assert client_for(mentee).get(url(action, in_closure)).status_code == 405

    def test_an_unknown_mentorship_is_404(self, client_for, mentee):
        assert client_for(mentee).get(reverse("closure:closure", args=[99999])).status_code == 404

    def test_the_coordinator_sees_status_and_reason_category_only(
        self, client_for, in_closure, coordinator, mentee, mentor
    ):
        goal = goals(in_closure)[0]
        GoalOutcomeFactory(goal=goal, author=mentee, comment="OUTCOME-COMMENT-TEXT")
        ClosingReflectionFactory(mentorship=in_closure, author=mentee, feelings="FEELINGS-TEXT")
        ThankYouNoteFactory(mentorship=in_closure, text="THANKS-TEXT")
        page = client_for(coordinator).get(in_closure.get_absolute_url()).text
        assert "Both agreed to close on" in page
        assert "reason: Goals achieved" in page
        for private in ("OUTCOME-COMMENT-TEXT", "FEELINGS-TEXT", "THANKS-TEXT"):
            assert private not in page
        assert f'href="{url("closure", in_closure)}"' not in page
        assert url("coordinator_close", in_closure) in page

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
        assert url("closure", proposal.mentorship) in page
        assert url("coordinator_close", proposal.mentorship) not in page

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
        for goal in goals(in_closure):
            GoalOutcomeFactory(goal=goal, author=in_closure.mentor)
        client = client_for(mentee)
        # session + user, the pair with its people, its closures with people, the goals in
        # effect, their outcomes, my reflection, the thank-you
        with django_assert_max_num_queries(8):
            response = client.get(url("closure", in_closure))
        assert len(response.context["goal_rows"]) == 3

    @pytest.mark.parametrize("scale", [1, 10])
    def test_the_closure_panel_adds_one_query_to_the_pairs_page(
        self, client_for, in_closure, mentee, scale
    ):
        grow_closure(in_closure, scale)
        client = client_for(mentee)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(in_closure.get_absolute_url())
        assert "Both agreed to close on" in response.text
        # The other phases' panels count their own queries; the closure panel's is the latest
        # proposal or decision, one query however many proposals there were.
        closure_queries = [q["sql"] for q in queries if '"closure_' in q["sql"]]
        assert len(closure_queries) == 1
