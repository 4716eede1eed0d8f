"""The fit check after the first meeting (mentoring/health): each member's answer is theirs
alone; coordinators learn only that someone answered "Not a fit"."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.closure.models import Closure, Reason
from mentoring.closure.services import confirm_closure, propose_closure
from mentoring.health import services
from mentoring.health.models import Fit, FitCheck
from mentoring.preparation.models import SelfReflection
from mentoring.preparation.services import check_can_ask
from mentoring.privacy.erasure import erase_account
from mentoring.programs.models import Phase
from tests.factories import MeetingFactory, SelfReflectionFactory
from tests.test_privacy_export import export_of

pytestmark = pytest.mark.django_db

WHY = "Planted: we talk past each other about priorities"


def fit_url(pair) -> str:
    return reverse("health:fit_check", args=[pair.pk])


def answer(client, pair, value, why=""):
    return client.post(fit_url(pair), {"answer": value, "why": why})


class TestWhenItOpens:
    def test_it_opens_after_the_first_held_meeting(self, client_for, mentee, enabling):
        client = client_for(mentee)
        assert "Fit check" not in client.get(enabling.get_absolute_url()).text
        page = client.get(fit_url(enabling)).text
        assert "opens once your first meeting is marked as held" in page
        MeetingFactory(mentorship=enabling, held=True)
        assert "Answer the fit check" in client.get(enabling.get_absolute_url()).text
        assert "After your first meeting, how is the fit?" in client.get(fit_url(enabling)).text

    def test_a_closed_pair_takes_no_answer(self, client_for, mentee, held, enabling, committed):
        enabling.close()
        response = answer(client_for(mentee), enabling, Fit.GOOD)
        assert response.status_code == 302
        assert not FitCheck.objects.exists()
        page = client_for(mentee).get(fit_url(enabling)).text
        assert "This mentorship has ended, so its fit check is closed." in page

    def test_a_pair_still_preparing_has_no_fit_check(self, client_for, mentee, pair):
        assert pair.phase == Phase.PREPARING
        response = answer(client_for(mentee), pair, Fit.GOOD)
        assert response.status_code == 302
        assert not FitCheck.objects.exists()


class TestWhoSees:
    def test_the_author_sees_their_answer_and_reason(self, client_for, mentee, held):
        pair = held.mentorship
        assert answer(client_for(mentee), pair, Fit.DECIDING, WHY).status_code == 302
        page = client_for(mentee).get(fit_url(pair)).text
        assert WHY in page
        assert "Only you. " in page
        assert (
            "You answered “Still deciding”" in client_for(mentee).get(pair.get_absolute_url()).text
        )

    def test_the_partner_never_sees_it(self, client_for, mentee, mentor, held):
        pair = held.mentorship
        answer(client_for(mentee), pair, Fit.NOT_A_FIT, WHY)
        client = client_for(mentor)
        pages = [client.get(url).text for url in (fit_url(pair), pair.get_absolute_url())]
        assert not any(WHY in page for page in pages)
        assert "checked" not in pages[0]
        assert "someone in this pair" not in pages[1]
        assert "Answer the fit check" in pages[1]

    def test_coordinators_see_only_that_someone_said_not_a_fit(
        self, client_for, mentee, coordinator, held, committed
    ):
        pair = held.mentorship
        assert "Fit check" not in client_for(coordinator).get(pair.get_absolute_url()).text
        with committed():
            answer(client_for(mentee), pair, Fit.NOT_A_FIT, WHY)
        client = client_for(coordinator)
        page = client.get(pair.get_absolute_url()).text
        assert "someone in this pair answered “Not a fit”" in page
        assert WHY not in page
        assert mentee.full_name not in page.split("Fit check")[1].split("</section>")[0]
        assert client.get(fit_url(pair)).status_code == 404
        (email,) = mail.outbox
        assert email.to == [coordinator.email]
        assert "Not a fit" in email.body
        assert WHY not in email.body
        assert mentee.full_name not in email.body.split("answered")[0].split("mentorship of")[0]

    def test_the_dashboard_flags_the_pair_and_nothing_more(
        self, client_for, mentee, coordinator, held
    ):
        pair = held.mentorship
        url = reverse("dashboard:program", args=[pair.program_id])
        assert "Fit check: not a fit" not in client_for(coordinator).get(url).text
        answer(client_for(mentee), pair, Fit.NOT_A_FIT, WHY)
        page = client_for(coordinator).get(url).text
        assert page.count("Fit check: not a fit") == 1
        assert WHY not in page

    @pytest.mark.parametrize("persona", ["stranger", "other_coordinator", "coordinator"])
    def test_everyone_else_gets_404(self, request, client_for, persona, held):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(fit_url(held.mentorship)).status_code == 404
        assert answer(client, held.mentorship, Fit.GOOD).status_code == 404
        assert not FitCheck.objects.exists()


class TestAnswering:
    def test_answering_again_keeps_the_later_answer(self, client_for, mentee, held, committed):
        pair = held.mentorship
        client = client_for(mentee)
        with committed():
            answer(client, pair, Fit.NOT_A_FIT, WHY)
            answer(client, pair, Fit.GOOD)
            answer(client, pair, Fit.NOT_A_FIT)
        (check,) = FitCheck.objects.all()
        assert (check.answer, check.why) == (Fit.NOT_A_FIT, "")
        # Told once when it first said so, and again after it changed its mind back.
        assert len(mail.outbox) == 2

    def test_the_same_answer_twice_tells_the_coordinators_once(self, mentee, held, committed):
        with committed():
            for _ in range(2):
                services.answer_fit_check(
                    mentorship=held.mentorship, user=mentee, answer=Fit.NOT_A_FIT
                )
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({}, "This field is required."),
            ({"answer": "maybe"}, "Select a valid choice."),
            ({"answer": Fit.GOOD, "why": "x" * 2001}, "at most 2000 characters"),
            ({"answer": Fit.GOOD, "why": "bad\x00text"}, "Null characters are not allowed."),
        ],
    )
    def test_bad_input_is_refused_next_to_the_field(self, client_for, mentee, held, data, message):
        response = client_for(mentee).post(fit_url(held.mentorship), data)
        assert response.status_code == 400
        assert message in response.text
        assert not FitCheck.objects.exists()

    def test_what_was_typed_is_kept_when_refused(self, client_for, mentee, held):
        response = client_for(mentee).post(fit_url(held.mentorship), {"why": WHY})
        assert response.status_code == 400
        assert WHY in response.text


class TestTheWayOut:
    def end(self, client, pair, confirm=True):
        return client.post(
            reverse("health:end_not_a_fit", args=[pair.pk]), {"confirm": "on"} if confirm else {}
        )

    def test_it_is_offered_only_after_not_a_fit(self, client_for, mentee, held):
        pair, client = held.mentorship, client_for(mentee)
        answer(client, pair, Fit.DECIDING)
        assert "End the mentorship" not in client.get(fit_url(pair)).text
        answer(client, pair, Fit.NOT_A_FIT)
        page = client.get(fit_url(pair)).text
        assert "it says nothing about either of you" in page
        assert "End the mentorship" in page

    def test_the_mentee_ends_it_and_goes_back_to_choosing(
        self, client_for, mentee, mentor, coordinator, held, committed, mailoutbox
    ):
        pair, client = held.mentorship, client_for(mentee)
        reflection = SelfReflectionFactory(author=mentee)
        answer(client, pair, Fit.NOT_A_FIT, WHY)
        mailoutbox.clear()
        with committed():
            response = self.end(client, pair)
        assert response.url == reverse("preparation:mentor_directory", args=[pair.program_id])
        pair.refresh_from_db()
        assert not pair.is_open
        closure = Closure.objects.get(mentorship=pair)
        assert (closure.status, closure.reason) == (Closure.Status.NOT_A_FIT, Reason.NOT_A_FIT)
        assert SelfReflection.objects.filter(pk=reflection.pk).exists()
        assert client.get(response.url).status_code == 200
        check_can_ask(program=pair.program, mentee=mentee, mentor=mentor)
        sent = {tuple(message.to): message for message in mailoutbox}
        assert "has ended your mentorship after the fit check" in sent[(mentor.email,)].body
        to_coordinator = sent[(coordinator.email,)].body
        assert "a member found it was not a fit" in to_coordinator
        assert all(WHY not in message.body for message in mailoutbox)
        assert "choose another mentor" in sent[(mentee.email,)].body

    def test_the_coordinator_learns_the_reason_not_who(
        self, client_for, coordinator, mentee, held
    ):
        pair = held.mentorship
        answer(client_for(mentee), pair, Fit.NOT_A_FIT, WHY)
        self.end(client_for(mentee), pair)
        page = client_for(coordinator).get(pair.get_absolute_url()).text
        assert "ended by a member after the fit check; reason: Not a fit" in page
        assert WHY not in page

    def test_it_needs_the_box_ticked_and_keeps_the_page(self, client_for, mentee, held):
        pair, client = held.mentorship, client_for(mentee)
        answer(client, pair, Fit.NOT_A_FIT)
        response = self.end(client, pair, confirm=False)
        assert response.status_code == 400
        assert "Tick the box to say you want to end the mentorship now." in response.text
        pair.refresh_from_db()
        assert pair.is_open

    def test_a_member_who_did_not_say_not_a_fit_cannot(self, client_for, mentor, mentee, held):
        pair = held.mentorship
        answer(client_for(mentee), pair, Fit.NOT_A_FIT)
        response = self.end(client_for(mentor), pair)
        assert response.status_code == 302
        assert "for a member who answered" in client_for(mentor).get(response.url).text
        pair.refresh_from_db()
        assert pair.is_open

    def test_twice_ends_once(self, client_for, mentee, held):
        pair, client = held.mentorship, client_for(mentee)
        answer(client, pair, Fit.NOT_A_FIT)
        self.end(client, pair)
        response = self.end(client, pair)
        assert response.status_code == 302
        assert "already ended" in client.get(response.url).text
        assert Closure.objects.filter(mentorship=pair).count() == 1

    def test_not_once_the_pair_agreed_to_close(self, client_for, mentee, mentor, held):
        pair, client = held.mentorship, client_for(mentee)
        answer(client, pair, Fit.NOT_A_FIT)
        proposal = propose_closure(mentorship=pair, user=mentee, reason=Reason.GOALS_ACHIEVED)
        confirm_closure(closure=proposal, user=mentor)
        assert "End the mentorship" not in client.get(fit_url(pair)).text
        self.end(client, pair)
        assert "already agreed to close" in client.get(fit_url(pair)).text
        assert not Closure.objects.filter(status=Closure.Status.NOT_A_FIT).exists()

    @pytest.mark.parametrize("persona", ["coordinator", "stranger"])
    def test_others_get_404(self, request, client_for, mentee, held, persona):
        answer(client_for(mentee), held.mentorship, Fit.NOT_A_FIT)
        response = self.end(client_for(request.getfixturevalue(persona)), held.mentorship)
        assert response.status_code == 404


class TestPrivacy:
    def test_leaving_erases_the_answer(self, mentee, held):
        services.answer_fit_check(
            mentorship=held.mentorship, user=mentee, answer=Fit.GOOD, why=WHY
        )
        erase_account(user=mentee)
        assert not FitCheck.objects.exists()

    def test_only_the_authors_data_export_holds_it(self, mentee, mentor, held, committed):
        services.answer_fit_check(
            mentorship=held.mentorship, user=mentee, answer=Fit.NOT_A_FIT, why=WHY
        )
        mine = export_of(mentee, committed)
        assert all(WHY in mine[name] for name in ("data.json", "index.html"))
        assert "Your answer: Not a fit" in mine["index.html"]
        assert not any(WHY in text for text in export_of(mentor, committed).values())
