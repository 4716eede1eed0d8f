"""Phase 4, Closure: its words, and proposing to close, confirming, declining, withdrawing."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from mentoring.closure import services
from mentoring.closure.forms import OutcomeForm, ReasonForm, ReflectionForm, ThankYouForm
from mentoring.closure.models import FEELINGS, GUIDANCE, OFFER, STEPS, THANKS, Closure, Reason
from mentoring.programs.models import Phase
from tests.factories import ClosureFactory
from tests.helpers import SPEC, as_persona, closure_url, goals_in_effect

pytestmark = pytest.mark.django_db


def spec_phase_4() -> tuple[str, list[str]]:
    """The paragraph and the bullets under the spec's "## Phase 4 – Closure"."""
    section = SPEC.read_text().split("\n## Phase 4 – Closure\n", 1)[1].split("\n#", 1)[0]
    bullets = [line[2:].strip() for line in section.splitlines() if line.startswith("- ")]
    paragraph = " ".join(line for line in section.splitlines() if line and line[:2] != "- ")
    return paragraph, bullets


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
        form = OutcomeForm(goal=goals_in_effect(in_closure)[0])
        labels = [label for _, label in form.fields["outcome"].choices]
        assert labels == ["Achieved", "Partly achieved", "Not achieved"]

    def test_the_reasons_are_the_four_the_issue_names(self):
        labels = [label for _, label in ReasonForm().fields["reason"].choices]
        assert labels == ["Goals achieved", "Circumstances changed", "Time to move on", "Other"]

    def test_every_closure_page_shows_the_guidance(self, client_for, enabling, mentee):
        page = client_for(mentee).get(closure_url("closure", enabling)).text
        assert str(GUIDANCE) in page
        for step in STEPS:
            assert str(step) in page

    def test_the_closure_phase_page_shows_the_labels(self, client_for, in_closure, mentee):
        page = client_for(mentee).get(closure_url("closure", in_closure)).text
        assert str(FEELINGS) in page
        assert str(THANKS) in page
        assert "Offer to mentor others" in page
        assert "Celebrate!" in page


class TestProposing:
    def test_the_mentee_proposes_and_the_mentor_is_asked_by_email(
        self, client_for, enabling, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(mentee).post(
                closure_url("propose", enabling), {"reason": "goals_achieved"}, follow=True
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
        assert closure_url("closure", enabling) in mailoutbox[0].body

    def test_the_mentor_sees_the_proposal_with_confirm_and_decline(
        self, client_for, proposal, mentor
    ):
        page = client_for(mentor).get(closure_url("closure", proposal.mentorship)).text
        assert "Mina Mentee proposes to close" in page
        assert closure_url("confirm", proposal.mentorship, proposal.pk) in page
        assert closure_url("decline", proposal.mentorship, proposal.pk) in page

    def test_the_proposer_sees_it_waits(self, client_for, proposal, mentee):
        page = client_for(mentee).get(closure_url("closure", proposal.mentorship)).text
        assert "You proposed to close" in page
        assert "Marco Mentor has been asked to confirm" in page
        assert closure_url("confirm", proposal.mentorship, proposal.pk) not in page

    def test_other_needs_its_reason_and_keeps_what_was_typed(self, client_for, enabling, mentee):
        client = client_for(mentee)
        response = client.post(closure_url("propose", enabling), {"reason": "other"})
        assert response.status_code == 400
        assert "Say what the other reason is." in response.text
        too_long = "z" * 301
        response = client.post(
            closure_url("propose", enabling), {"reason": "other", "reason_other": too_long}
        )
        assert response.status_code == 400
        assert "at most 300 characters" in response.text
        assert too_long in response.text
        assert not Closure.objects.exists()

    def test_an_other_reason_is_kept_in_the_members_words(self, client_for, enabling, mentor):
        client_for(mentor).post(
            closure_url("propose", enabling), {"reason": "other", "reason_other": "I am retiring"}
        )
        assert Closure.objects.get().reason_text == "I am retiring"

    def test_no_reason_is_refused(self, client_for, enabling, mentee):
        response = client_for(mentee).post(closure_url("propose", enabling), {})
        assert response.status_code == 400
        assert "This field is required." in response.text

    def test_proposing_twice_is_explained(self, client_for, proposal, mentee, mentor):
        response = client_for(mentee).post(
            closure_url("propose", proposal.mentorship), {"reason": "time_to_move_on"}, follow=True
        )
        assert "You have already proposed to close" in response.text
        response = client_for(mentor).post(
            closure_url("propose", proposal.mentorship), {"reason": "time_to_move_on"}, follow=True
        )
        assert "Mina Mentee has already proposed to close" in response.text
        assert Closure.objects.count() == 1

    def test_one_pending_proposal_is_a_database_rule(self, proposal, mentor):
        with pytest.raises(IntegrityError), transaction.atomic():
            ClosureFactory(mentorship=proposal.mentorship, proposed_by=mentor)

    def test_it_waits_for_the_enabling_phase(self, client_for, pair, mentee):
        response = client_for(mentee).post(
            closure_url("propose", pair), {"reason": "goals_achieved"}, follow=True
        )
        assert "A pair proposes to close in the Enabling phase" in response.text
        assert "Closing comes after your agreement is in effect" in response.text
        assert not Closure.objects.exists()

    def test_confirming_your_own_proposal_is_explained(self, client_for, proposal, mentee):
        response = client_for(mentee).post(
            closure_url("confirm", proposal.mentorship, proposal.pk), follow=True
        )
        assert "You proposed this yourself: Marco Mentor confirms or declines it." in response.text
        proposal.refresh_from_db()
        assert proposal.is_pending
        assert proposal.mentorship.phase == Phase.ENABLING

    def test_the_mentor_confirms_and_the_pair_moves_to_closure(self, client_for, proposal, mentor):
        response = client_for(mentor).post(
            closure_url("confirm", proposal.mentorship, proposal.pk), follow=True
        )
        assert "You both agreed to close" in response.text
        proposal.refresh_from_db()
        assert (proposal.status, proposal.answered_by) == ("agreed", mentor)
        proposal.mentorship.refresh_from_db()
        assert proposal.mentorship.phase == Phase.CLOSURE
        assert proposal.mentorship.is_open

    def test_the_mentor_declines_and_the_pair_carries_on(self, client_for, proposal, mentor):
        client = client_for(mentor)
        response = client.post(
            closure_url("decline", proposal.mentorship, proposal.pk), follow=True
        )
        assert "You declined the proposal to close" in response.text
        proposal.refresh_from_db()
        assert proposal.status == "declined"
        assert proposal.mentorship.phase == Phase.ENABLING
        client.post(
            closure_url("propose", proposal.mentorship), {"reason": "circumstances_changed"}
        )
        assert Closure.objects.pending().get().proposed_by == mentor

    def test_answering_a_stale_proposal_is_explained(self, client_for, proposal, mentor):
        client = client_for(mentor)
        client.post(closure_url("decline", proposal.mentorship, proposal.pk))
        response = client.post(
            closure_url("confirm", proposal.mentorship, proposal.pk), follow=True
        )
        assert "This proposal was already declined; nothing changed." in response.text
        assert proposal.mentorship.phase == Phase.ENABLING

    def test_a_proposal_of_another_pair_is_404(self, client_for, proposal, mentor):
        other = ClosureFactory()
        client = client_for(mentor)
        assert (
            client.post(closure_url("confirm", proposal.mentorship, other.pk)).status_code == 404
        )
        assert client.post(closure_url("decline", proposal.mentorship, 99999)).status_code == 404


class TestWithdrawing:
    def test_the_proposer_withdraws_the_partner_is_told_and_the_pair_carries_on(
        self, client_for, proposal, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
    ):
        client = client_for(mentee)
        assert (
            closure_url("withdraw", proposal.mentorship, proposal.pk)
            in client.get(closure_url("closure", proposal.mentorship)).text
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                closure_url("withdraw", proposal.mentorship, proposal.pk), follow=True
            )
        assert "You withdrew your proposal to close" in response.text
        proposal.refresh_from_db()
        assert (proposal.status, proposal.answered_by) == ("withdrawn", mentee)
        assert proposal.answered_at is not None
        assert [mail.to for mail in mailoutbox] == [[mentor.email]]
        assert "Mina Mentee withdrew their proposal" in mailoutbox[0].subject
        assert closure_url("closure", proposal.mentorship) in mailoutbox[0].body
        page = client_for(mentor).get(closure_url("closure", proposal.mentorship)).text
        assert "proposes to close" not in page
        assert closure_url("confirm", proposal.mentorship, proposal.pk) not in page
        assert 'action="' + closure_url("propose", proposal.mentorship) in page
        panel = client_for(mentor).get(proposal.mentorship.get_absolute_url()).text
        assert "Open: no one has proposed to close." in panel

    def test_either_member_may_propose_again_afterwards(
        self, client_for, proposal, mentee, mentor
    ):
        client_for(mentee).post(closure_url("withdraw", proposal.mentorship, proposal.pk))
        client_for(mentor).post(
            closure_url("propose", proposal.mentorship), {"reason": "time_to_move_on"}
        )
        assert Closure.objects.pending().get().proposed_by == mentor
        assert Closure.objects.count() == 2

    def test_the_partner_cannot_withdraw_it(self, client_for, proposal, mentor):
        page = client_for(mentor).get(closure_url("closure", proposal.mentorship)).text
        assert closure_url("withdraw", proposal.mentorship, proposal.pk) not in page
        response = client_for(mentor).post(
            closure_url("withdraw", proposal.mentorship, proposal.pk), follow=True
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
        client_for(mentor).post(closure_url(answer, proposal.mentorship, proposal.pk))
        response = client_for(mentee).post(
            closure_url("withdraw", proposal.mentorship, proposal.pk), follow=True
        )
        assert f"This proposal was already {Closure.Status(status).label.lower()}" in response.text
        proposal.refresh_from_db()
        assert proposal.status == status

    def test_withdrawing_twice_is_explained(self, client_for, proposal, mentee):
        client = client_for(mentee)
        client.post(closure_url("withdraw", proposal.mentorship, proposal.pk))
        response = client.post(
            closure_url("withdraw", proposal.mentorship, proposal.pk), follow=True
        )
        assert "This proposal was already withdrawn; nothing changed." in response.text

    def test_a_closed_pair_is_read_only(self, client_for, proposal, mentee, coordinator):
        services.close_by_coordinator(
            mentorship=proposal.mentorship,
            coordinator=coordinator,
            reason=Reason.OTHER,
            reason_other="Reorganisation",
        )
        response = client_for(mentee).post(
            closure_url("withdraw", proposal.mentorship, proposal.pk)
        )
        assert response.status_code == 403
        proposal.refresh_from_db()
        assert proposal.is_pending

    @pytest.mark.parametrize("persona", ["coordinator", "other_coordinator", "stranger"])
    def test_everyone_else_gets_404(self, request, proposal, persona):
        _, client = as_persona(request, persona)
        assert (
            client.post(closure_url("withdraw", proposal.mentorship, proposal.pk)).status_code
            == 404
        )
        proposal.refresh_from_db()
        assert proposal.is_pending

    def test_it_needs_a_post_and_a_sign_in(self, client, client_for, proposal, mentee):
        address = closure_url("withdraw", proposal.mentorship, proposal.pk)
        response = client.post(address)
        assert response.url.startswith(reverse("account_login"))
        assert client_for(mentee).get(address).status_code == 405

    def test_a_proposal_of_another_pair_is_404(self, client_for, proposal, mentee):
        other = ClosureFactory()
        response = client_for(mentee).post(closure_url("withdraw", proposal.mentorship, other.pk))
        assert response.status_code == 404
