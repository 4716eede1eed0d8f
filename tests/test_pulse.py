"""The pulse survey and the closing feedback (mentoring/health): each member's own answers,
when they open, what is refused, and the pulse reminders of the sweep."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.health import services
from mentoring.health.models import (
    ClosingFeedback,
    PulseSurvey,
    pulse_round_at,
    with_pulse_round,
)
from mentoring.privacy.erasure import erase_account
from mentoring.programs.models import Mentorship
from mentoring.reminders.models import Kind, Reminder
from mentoring.reminders.services import find_due
from tests.factories import MentorshipFactory, ProgramFactory
from tests.helpers import DAY
from tests.test_privacy_export import export_of

pytestmark = pytest.mark.django_db

COMMENT = "Planted: our meetings keep getting cut short"
RATINGS = {"value": "4", "follow_up": "3", "cadence": "2"}


def pulse_url(pair) -> str:
    return reverse("health:pulse", args=[pair.pk])


def feedback_url(pair) -> str:
    return reverse("health:closing_feedback", args=[pair.pk])


def started(pair, days_ago: float):
    pair.started_at = timezone.now() - datetime.timedelta(days=days_ago)
    pair.save(update_fields=["started_at"])
    return pair


@pytest.fixture
def due(enabling):
    """The pair a month and a day in: its first pulse survey is open."""
    return started(enabling, 31)


class TestRounds:
    @pytest.mark.parametrize(
        "days, expected", [(0, 0), (29.9, 0), (30, 1), (89.9, 1), (90, 2), (150, 3)]
    )
    def test_at_thirty_days_then_every_sixty(self, pair, days, expected):
        now = pair.started_at + datetime.timedelta(days=days)
        assert pulse_round_at(pair, now) == expected

    def test_sql_and_python_agree_across_programs_settings(self):
        weekly = ProgramFactory(pulse_first_after_days=7, pulse_every_days=14)
        pairs = [
            started(MentorshipFactory(program=program), days)
            for program in (ProgramFactory(), weekly)
            for days in (0, 6.5, 7, 20, 29, 30, 31, 89, 90, 91, 200, 400)
        ]
        now = timezone.now()
        in_sql = dict(
            with_pulse_round(Mentorship.objects.all(), now).values_list("pk", "pulse_round")
        )
        assert in_sql == {pair.pk: pulse_round_at(pair, now) for pair in pairs}
        assert max(in_sql.values()) == 29  # 400 days, every 14 after the first 7


class TestAnswering:
    def test_it_opens_after_thirty_days(self, client_for, mentee, enabling):
        page = client_for(mentee).get(pulse_url(enabling)).text
        opens = timezone.localdate(enabling.started_at + 30 * DAY)
        assert f"The first pulse survey opens on {opens:%B} {opens.day}, {opens.year}." in page
        response = client_for(mentee).post(pulse_url(enabling), RATINGS)
        assert response.status_code == 302
        assert not PulseSurvey.objects.exists()

    def test_the_member_answers_and_sees_who_will_see_it(self, client_for, mentee, due):
        client = client_for(mentee)
        page = client.get(pulse_url(due)).text
        assert "I get value from our meetings" in page
        assert "Marco Mentor never sees them" in page
        assert "at least 5 people answered" in page
        response = client.post(pulse_url(due), RATINGS | {"comment": COMMENT})
        assert response.status_code == 302
        pulse = PulseSurvey.objects.get()
        assert (pulse.round, pulse.value, pulse.follow_up, pulse.cadence) == (1, 4, 3, 2)
        assert pulse.comment == COMMENT
        assert not pulse.share_comment  # shared only when ticked

    def test_answering_twice_keeps_the_later_answer(self, client_for, mentee, due):
        client = client_for(mentee)
        client.post(pulse_url(due), RATINGS)
        client.post(
            pulse_url(due), RATINGS | {"value": "1", "comment": COMMENT, "share_comment": "on"}
        )
        pulse = PulseSurvey.objects.get()
        assert (pulse.value, pulse.share_comment) == (1, True)

    def test_the_next_round_is_a_new_answer(self, mentee, due):
        services.answer_pulse(mentorship=due, user=mentee, value=5, follow_up=5, cadence=5)
        started(due, 91)
        services.answer_pulse(mentorship=due, user=mentee, value=2, follow_up=2, cadence=2)
        assert list(PulseSurvey.objects.values_list("round", "value")) == [(1, 5), (2, 2)]

    def test_a_shared_mark_without_a_comment_shares_nothing(self, mentee, due):
        pulse = services.answer_pulse(
            mentorship=due, user=mentee, value=3, follow_up=3, cadence=3, share_comment=True
        )
        assert not pulse.share_comment

    @pytest.mark.parametrize(
        "data, message",
        [
            (RATINGS | {"value": "6"}, "Select a valid choice. 6 is not one of"),
            (RATINGS | {"cadence": "0"}, "Select a valid choice. 0 is not one of"),
            (RATINGS | {"follow_up": "x"}, "Select a valid choice"),
            ({"value": "4"}, "This field is required."),
            (RATINGS | {"comment": "x" * 1001}, "at most 1000 characters"),
        ],
    )
    def test_bad_input_is_refused_and_kept(self, client_for, mentee, due, data, message):
        typed = data.get("comment", COMMENT)
        response = client_for(mentee).post(pulse_url(due), data | {"comment": typed})
        assert response.status_code == 400
        assert message in response.text
        assert typed[:50] in response.text
        assert not PulseSurvey.objects.exists()

    def test_a_closed_pair_takes_no_answer(self, client_for, mentee, due):
        due.close()
        response = client_for(mentee).post(pulse_url(due), RATINGS)
        assert response.status_code == 302
        assert not PulseSurvey.objects.exists()
        assert "it has no pulse survey any more" in client_for(mentee).get(pulse_url(due)).text


class TestWhoSees:
    def test_the_partner_never_sees_the_answers(self, client_for, mentee, mentor, due):
        services.answer_pulse(
            mentorship=due, user=mentee, value=1, follow_up=1, cadence=1, comment=COMMENT
        )
        for url in (pulse_url(due), due.get_absolute_url()):
            assert COMMENT not in client_for(mentor).get(url).text

    def test_the_pair_page_asks_members_only(self, client_for, mentee, coordinator, due):
        assert "Pulse survey 1 is open" in client_for(mentee).get(due.get_absolute_url()).text
        assert "Pulse survey" not in client_for(coordinator).get(due.get_absolute_url()).text

    @pytest.mark.parametrize("persona", ["coordinator", "stranger"])
    def test_others_get_404(self, request, client_for, due, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(pulse_url(due)).status_code == 404
        assert client.post(pulse_url(due), RATINGS).status_code == 404

    def test_leaving_erases_the_answers(self, mentee, due):
        services.answer_pulse(
            mentorship=due, user=mentee, value=1, follow_up=1, cadence=1, comment=COMMENT
        )
        erase_account(user=mentee)
        assert not PulseSurvey.objects.exists()

    def test_only_the_authors_data_export_holds_it(self, mentee, mentor, due, committed):
        services.answer_pulse(
            mentorship=due, user=mentee, value=1, follow_up=2, cadence=3, comment=COMMENT
        )
        mine = export_of(mentee, committed)
        assert all(COMMENT in mine[name] for name in ("data.json", "index.html"))
        assert "Pulse survey 1" in mine["index.html"]
        assert not any(COMMENT in text for text in export_of(mentor, committed).values())


class TestReminders:
    def reminded(self, now=None):
        return {
            (reminder.recipient_id, reminder.key)
            for reminder in find_due(now=now or timezone.now())
            if reminder.kind == Kind.PULSE_DUE
        }

    def test_both_members_are_reminded_once_the_survey_opens(self, mentee, mentor, due):
        assert self.reminded() == {
            (mentee.pk, f"pulse:{due.pk}:1"),
            (mentor.pk, f"pulse:{due.pk}:1"),
        }

    def test_not_before_nor_once_answered(self, mentee, mentor, enabling, due):
        assert self.reminded(now=timezone.now() - 2 * DAY) == set()
        services.answer_pulse(mentorship=due, user=mentee, value=3, follow_up=3, cadence=3)
        assert self.reminded() == {(mentor.pk, f"pulse:{due.pk}:1")}

    def test_an_old_round_is_not_worth_an_email(self, enabling):
        started(enabling, 30 + 15)
        assert self.reminded() == set()

    def test_the_email_links_the_survey_and_quotes_nothing(
        self, mentee, due, run_sweep, mailoutbox
    ):
        services.answer_pulse(
            mentorship=due, user=mentee, value=3, follow_up=3, cadence=3, comment=COMMENT
        )
        started(due, 91)
        run_sweep()
        (email,) = [
            m
            for m in mailoutbox
            if "How is your mentorship" in m.subject and m.to == [mentee.email]
        ]
        assert pulse_url(due) in email.body
        assert COMMENT not in email.body
        assert Reminder.objects.filter(kind=Kind.PULSE_DUE).count() == 2


class TestClosingFeedback:
    def test_it_opens_in_the_closure_phase(self, client_for, mentee, enabling):
        page = client_for(mentee).get(feedback_url(enabling)).text
        assert "Closing feedback comes in the Closure phase" in page
        assert (
            client_for(mentee).post(feedback_url(enabling), {"recommend": "9"}).status_code == 302
        )
        assert not ClosingFeedback.objects.exists()

    def test_a_member_gives_it_and_may_change_it(self, client_for, mentee, in_closure):
        client = client_for(mentee)
        assert "Give your closing feedback" in client.get(in_closure.get_absolute_url()).text
        assert (
            "Give your closing feedback"
            in client.get(reverse("closure:closure", args=[in_closure.pk])).text
        )
        client.post(feedback_url(in_closure), {"recommend": "9", "comment": COMMENT})
        client.post(feedback_url(in_closure), {"recommend": "10", "comment": COMMENT})
        feedback = ClosingFeedback.objects.get()
        assert (feedback.recommend, feedback.comment) == (10, COMMENT)

    @pytest.mark.parametrize("score", ["11", "-1", "nine", ""])
    def test_out_of_range_scores_are_refused(self, client_for, mentee, in_closure, score):
        response = client_for(mentee).post(
            feedback_url(in_closure), {"recommend": score, "comment": COMMENT}
        )
        assert response.status_code == 400
        assert COMMENT in response.text
        assert not ClosingFeedback.objects.exists()

    def test_the_partner_and_the_pair_page_never_show_it(
        self, client_for, mentee, mentor, in_closure
    ):
        services.give_closing_feedback(
            mentorship=in_closure, user=mentee, recommend=2, comment=COMMENT
        )
        for url in (feedback_url(in_closure), in_closure.get_absolute_url()):
            assert COMMENT not in client_for(mentor).get(url).text

    def test_a_closed_pair_takes_none(self, mentee, in_closure):
        in_closure.close()
        with pytest.raises(ValidationError, match="its closing feedback is closed"):
            services.give_closing_feedback(mentorship=in_closure, user=mentee, recommend=8)


class TestProgramSettings:
    def test_the_anonymity_threshold_is_never_below_three(self, client_for, coordinator, program):
        url = reverse("programs:edit_program", args=[program.pk])
        page = client_for(coordinator).get(url).text
        assert "Fewest answers behind a report figure" in page
        data = {
            "name": program.name,
            "starts_on": program.starts_on.isoformat(),
            "ends_on": program.ends_on.isoformat(),
            "retention_months": program.retention_months,
            "pulse_first_after_days": 30,
            "pulse_every_days": 60,
            "target_meetings": 6,
            "anonymity_threshold": 2,
        }
        response = client_for(coordinator).post(url, data)
        assert response.status_code == 400
        assert "At least 3 answers." in response.text
