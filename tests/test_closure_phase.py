"""The closure phase: outcomes, reflections, thanks, completing, and the certificate."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mentoring.closure import services
from mentoring.closure.models import ClosingReflection, Closure, GoalOutcome, Reason, ThankYouNote
from tests.factories import AgreementVersionFactory, GoalFactory, GoalOutcomeFactory
from tests.helpers import closure_url, goals_in_effect, pdf_text

pytestmark = pytest.mark.django_db


class TestTheClosurePhase:
    def test_both_record_each_goals_outcome_and_see_each_others(
        self, client_for, in_closure, mentee, mentor
    ):
        first, second, _ = goals_in_effect(in_closure)
        client_for(mentee).post(
            closure_url("outcome", in_closure, first.pk),
            {f"goal-{first.pk}-outcome": "achieved", f"goal-{first.pk}-comment": "Done early"},
        )
        response = client_for(mentor).post(
            closure_url("outcome", in_closure, first.pk),
            {f"goal-{first.pk}-outcome": "partly"},
            follow=True,
        )
        assert "Goal 1: your outcome is saved." in response.text
        assert "Done early" in response.text
        client_for(mentor).post(
            closure_url("outcome", in_closure, first.pk), {f"goal-{first.pk}-outcome": "achieved"}
        )
        outcomes = {(o.goal, o.author): o.outcome for o in GoalOutcome.objects.all()}
        assert outcomes == {(first, mentee): "achieved", (first, mentor): "achieved"}
        page = client_for(mentee).get(closure_url("closure", in_closure)).text
        assert f'name="goal-{second.pk}-outcome"' in page

    def test_a_goal_that_is_not_in_the_agreement_in_effect_is_404(
        self, client_for, in_closure, mentee
    ):
        client = client_for(mentee)
        data = {"outcome": "achieved"}
        assert client.post(closure_url("outcome", in_closure, 99999), data).status_code == 404
        elsewhere = GoalFactory()
        assert (
            client.post(closure_url("outcome", in_closure, elsewhere.pk), data).status_code == 404
        )
        draft = AgreementVersionFactory(agreement=in_closure.agreement, number=2)
        not_in_effect = GoalFactory(version=draft)
        assert (
            client.post(closure_url("outcome", in_closure, not_in_effect.pk), data).status_code
            == 404
        )
        assert not GoalOutcome.objects.exists()

    def test_a_bad_outcome_keeps_the_comment(self, client_for, in_closure, mentee):
        goal = goals_in_effect(in_closure)[0]
        comment = "My words, kept " + "w" * 990
        response = client_for(mentee).post(
            closure_url("outcome", in_closure, goal.pk),
            {f"goal-{goal.pk}-outcome": "brilliant", f"goal-{goal.pk}-comment": comment},
        )
        assert response.status_code == 400
        assert "Select a valid choice." in response.text
        assert comment in response.text
        too_long = "c" * 1001
        response = client_for(mentee).post(
            closure_url("outcome", in_closure, goal.pk),
            {f"goal-{goal.pk}-outcome": "achieved", f"goal-{goal.pk}-comment": too_long},
        )
        assert "at most 1000 characters" in response.text
        assert too_long in response.text
        assert not GoalOutcome.objects.exists()

    def test_outcomes_wait_for_the_closure_phase(self, client_for, enabling, mentee):
        goal = goals_in_effect(enabling)[0]
        response = client_for(mentee).post(
            closure_url("outcome", enabling, goal.pk),
            {f"goal-{goal.pk}-outcome": "achieved"},
            follow=True,
        )
        assert "This comes in the Closure phase" in response.text
        assert not GoalOutcome.objects.exists()

    def test_the_reflection_is_its_authors_alone(self, client_for, in_closure, mentee, mentor):
        response = client_for(mentee).post(
            closure_url("reflection", in_closure),
            {"feelings": "Proud-and-tearful-7731"},
            follow=True,
        )
        assert "Your reflection is saved. Only you can read it." in response.text
        assert "Proud-and-tearful-7731" in response.text
        assert (
            "Proud-and-tearful-7731"
            not in client_for(mentor).get(closure_url("closure", in_closure)).text
        )
        client_for(mentee).post(
            closure_url("reflection", in_closure), {"feelings": "Changed my mind"}
        )
        assert ClosingReflection.objects.get().feelings == "Changed my mind"

    def test_an_over_long_reflection_is_refused_and_kept(self, client_for, in_closure, mentee):
        too_long = "r" * 3001
        response = client_for(mentee).post(
            closure_url("reflection", in_closure), {"feelings": too_long}
        )
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
                closure_url("thanks", in_closure), {"text": "Thank you, Marco!"}, follow=True
            )
        assert "Your thank-you note is on its way to Marco Mentor." in response.text
        assert [mail.to for mail in mailoutbox] == [[mentor.email]]
        assert "Thank you, Marco!" in mailoutbox[0].body
        page = client_for(mentor).get(closure_url("closure", in_closure)).text
        assert "Mina Mentee thanked you on" in page
        assert "Thank you, Marco!" in page

    def test_thanking_twice_is_explained(self, client_for, in_closure, mentee):
        client = client_for(mentee)
        client.post(closure_url("thanks", in_closure), {"text": "Thanks"})
        response = client.post(
            closure_url("thanks", in_closure), {"text": "Thanks again"}, follow=True
        )
        assert "You already thanked Marco Mentor on" in response.text
        assert ThankYouNote.objects.get().text == "Thanks"

    def test_an_empty_or_over_long_note_is_refused_and_kept(self, client_for, in_closure, mentee):
        response = client_for(mentee).post(closure_url("thanks", in_closure), {"text": ""})
        assert response.status_code == 400
        assert "This field is required." in response.text
        too_long = "t" * 3001
        response = client_for(mentee).post(closure_url("thanks", in_closure), {"text": too_long})
        assert "at most 3000 characters" in response.text
        assert too_long in response.text
        assert not ThankYouNote.objects.exists()

    def test_only_the_mentee_thanks(self, client_for, in_closure, mentor):
        response = client_for(mentor).post(
            closure_url("thanks", in_closure), {"text": "Thanks me"}
        )
        assert response.status_code == 403
        assert not ThankYouNote.objects.exists()

    def test_offering_to_mentor_puts_the_mentee_in_the_pool(self, client_for, in_closure, mentee):
        mentee.mentee_capacity = 0
        mentee.save()
        response = client_for(mentee).post(closure_url("offer_to_mentor", in_closure), follow=True)
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
        assert (
            client_for(mentor).post(closure_url("offer_to_mentor", in_closure)).status_code == 403
        )

    def test_either_completes_the_closure_and_the_pair_is_read_only(
        self, client_for, in_closure, mentor
    ):
        for goal in goals_in_effect(in_closure):
            for person in (in_closure.mentee, mentor):
                GoalOutcomeFactory(goal=goal, mentorship=in_closure, author=person)
        response = client_for(mentor).post(
            closure_url("complete", in_closure), {"understood": "on"}, follow=True
        )
        assert "Closure is complete: congratulations, and celebrate!" in response.text
        in_closure.refresh_from_db()
        assert not in_closure.is_open
        assert "<form" not in response.text.split('id="main"')[1]
        assert closure_url("certificate", in_closure) in response.text

    def test_completing_comes_after_both_agree(self, client_for, enabling, mentee):
        response = client_for(mentee).post(closure_url("complete", enabling), follow=True)
        assert "This comes in the Closure phase" in response.text
        enabling.refresh_from_db()
        assert enabling.is_open

    @pytest.mark.parametrize(
        "action", ["propose", "complete", "reflection", "thanks", "outcome", "confirm"]
    )
    def test_a_closed_pair_refuses_every_change(self, client_for, closed, mentee, action):
        args = {"outcome": [goals_in_effect(closed)[0].pk], "confirm": [Closure.objects.get().pk]}
        response = client_for(mentee).post(
            closure_url(action, closed, *args.get(action, [])), {"text": "x", "feelings": "x"}
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
        assert client_for(mentee).post(closure_url("offer_to_mentor", closed)).status_code == 302
        mentee.refresh_from_db()
        assert mentee.open_to_mentoring


class TestCertificate:
    def test_it_names_the_pair_program_dates_and_goals_achieved(
        self, client_for, in_closure, mentee, mentor
    ):
        first, second, third = goals_in_effect(in_closure)
        GoalOutcomeFactory(goal=first, author=mentee, outcome="achieved")
        GoalOutcomeFactory(goal=second, author=mentee, outcome="partly")
        GoalOutcomeFactory(goal=third, author=mentor, outcome="achieved")
        GoalOutcomeFactory(goal=third, author=mentee, outcome="not")
        GoalOutcomeFactory(goal=first, author=mentor, outcome="achieved")
        GoalOutcomeFactory(goal=second, author=mentor, outcome="achieved")
        services.complete_closure(mentorship=in_closure)
        in_closure.refresh_from_db()
        response = client_for(mentee).get(closure_url("certificate", in_closure))
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
        reader = PdfReader(
            io.BytesIO(client_for(mentor).get(closure_url("certificate", closed)).content)
        )
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert box.width > box.height

    def test_it_waits_for_the_closure_to_be_complete(self, client_for, in_closure, mentee):
        response = client_for(mentee).get(closure_url("certificate", in_closure), follow=True)
        assert "The certificate is ready once the closure is complete." in response.text
