"""The fit check after the first meeting (mentoring/health): each member's answer is theirs
alone; coordinators learn only that someone answered "Not a fit"."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.health import services
from mentoring.health.models import Fit, FitCheck
from mentoring.privacy.erasure import erase_account
from mentoring.programs.models import Phase
from tests.factories import MeetingFactory
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

    def test_not_a_fit_points_to_a_way_out(self, client_for, mentee, held):
        pair = held.mentorship
        answer(client_for(mentee), pair, Fit.NOT_A_FIT)
        page = client_for(mentee).get(fit_url(pair)).text
        assert "it says nothing about either of you" in page
        assert reverse("closure:propose", args=[pair.pk]) in page


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
