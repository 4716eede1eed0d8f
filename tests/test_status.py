"""Each pair's status and the at-risk rule (mentoring/status/pairs.py), as the dashboard and
the reminders' weekly digest both read them."""

import datetime

import pytest
from django.utils import timezone

from mentoring.programs.models import Mentorship
from mentoring.status.pairs import at_risk, check_in_label, risk_reasons
from tests.factories import (
    ActionStepFactory,
    AgreementVersionFactory,
    CheckInAnswerFactory,
    MeetingFactory,
    MentorshipFactory,
    PlanSectionFactory,
)
from tests.helpers import in_effect_since, meeting_held_days_ago, request_help, status_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


class TestAtRisk:
    """The three rules, each with the cases just inside and just outside it."""

    def test_a_new_pair_is_not_at_risk(self, pair):
        row = status_of(pair)
        assert not row.is_at_risk
        assert risk_reasons(row) == []

    def test_no_meeting_for_more_than_twice_the_cadence_is_at_risk(self, pair):
        in_effect_since(pair, 60, "weekly")
        meeting_held_days_ago(pair, 15)
        row = status_of(pair)
        assert row.risk_no_meeting and row.is_at_risk
        (reason,) = risk_reasons(row)
        assert reason.startswith("No meeting since ")
        assert "twice the agreed weekly cadence" in reason

    def test_a_meeting_within_twice_the_cadence_is_fine(self, pair):
        in_effect_since(pair, 60, "weekly")
        meeting_held_days_ago(pair, 15)
        meeting_held_days_ago(pair, 13)
        assert not status_of(pair).is_at_risk

    def test_the_cadence_decides_the_limit(self, pair):
        in_effect_since(pair, 60, "monthly")
        meeting_held_days_ago(pair, 45)
        assert not status_of(pair).is_at_risk
        assert status_of(pair, today=timezone.localdate() + 20 * DAY).risk_no_meeting

    def test_without_a_meeting_it_counts_from_when_the_agreement_took_effect(self, pair):
        in_effect_since(pair, 27, "biweekly")
        assert not status_of(pair).is_at_risk
        row = status_of(pair, today=timezone.localdate() + 2 * DAY)
        assert row.risk_no_meeting
        assert "since the agreement took effect on" in risk_reasons(row)[0]

    def test_a_meeting_before_the_agreement_does_not_make_a_new_agreement_late(self, pair):
        meeting_held_days_ago(pair, 40)
        in_effect_since(pair, 3, "weekly")
        assert not status_of(pair).is_at_risk

    def test_a_cadence_of_other_has_no_limit(self, pair):
        in_effect_since(pair, 300, "other")
        assert not status_of(pair).is_at_risk

    def test_cancelled_and_planned_meetings_do_not_count_as_held(self, pair):
        in_effect_since(pair, 60, "weekly")
        MeetingFactory(mentorship=pair, status="cancelled", starts_at=timezone.now() - DAY)
        MeetingFactory(mentorship=pair)
        assert status_of(pair).risk_no_meeting

    def test_no_signed_agreement_three_weeks_after_starting_is_at_risk(self, program):
        late = MentorshipFactory(program=program, started_at=timezone.now() - 22 * DAY)
        AgreementVersionFactory(agreement__mentorship=late)
        row = status_of(late)
        assert row.risk_unsigned and row.is_at_risk
        assert risk_reasons(row)[0].startswith("No signed agreement three weeks after")

    def test_a_pair_within_three_weeks_is_not_yet_at_risk(self, program):
        recent = MentorshipFactory(program=program, started_at=timezone.now() - 20 * DAY)
        assert not status_of(recent).is_at_risk

    def test_a_signed_agreement_clears_the_unsigned_rule(self, program):
        signed = MentorshipFactory(program=program, started_at=timezone.now() - 40 * DAY)
        in_effect_since(signed, 1, "weekly")
        assert not status_of(signed).is_at_risk

    def test_overdue_action_steps_are_at_risk(self, pair):
        in_effect_since(pair, 1)
        section = PlanSectionFactory(mentorship=pair)
        ActionStepFactory(section=section, target_on=timezone.localdate() - DAY)
        ActionStepFactory(section=section, target_on=timezone.localdate() - 2 * DAY)
        row = status_of(pair)
        assert row.overdue_steps == 2 and row.risk_overdue_steps and row.is_at_risk
        assert risk_reasons(row) == ["2 overdue action steps"]

    def test_steps_done_or_still_to_come_are_fine(self, pair):
        in_effect_since(pair, 1)
        section = PlanSectionFactory(mentorship=pair)
        ActionStepFactory(section=section, target_on=timezone.localdate())
        ActionStepFactory(
            section=section,
            target_on=timezone.localdate() - DAY,
            done_at=timezone.now(),
            done_by=pair.mentee,
        )
        row = status_of(pair)
        assert row.overdue_steps == 0 and not row.is_at_risk

    def test_an_ended_pair_is_never_at_risk(self, program):
        ended = MentorshipFactory(program=program, started_at=timezone.now() - 90 * DAY)
        ended.close()
        assert not status_of(ended).is_at_risk

    def test_several_reasons_are_all_given(self, program):
        pair = MentorshipFactory(program=program, started_at=timezone.now() - 30 * DAY)
        ActionStepFactory(
            section=PlanSectionFactory(mentorship=pair), target_on=timezone.localdate() - DAY
        )
        assert len(risk_reasons(status_of(pair))) == 2

    def test_at_risk_filters_in_the_database(self, program, pair):
        MentorshipFactory(program=program, started_at=timezone.now() - 30 * DAY)
        assert at_risk(Mentorship.objects.filter(program=program)).count() == 1


class TestColumns:
    def test_meetings_are_counted_and_dated(self, pair):
        in_effect_since(pair, 30)
        held = meeting_held_days_ago(pair, 3)
        meeting_held_days_ago(pair, 10)
        upcoming = MeetingFactory(mentorship=pair)
        MeetingFactory(mentorship=pair, starts_at=timezone.now() + 20 * DAY)
        row = status_of(pair)
        assert (row.meetings_held, row.meetings_planned) == (2, 2)
        assert row.last_meeting_at == held.starts_at
        assert row.next_meeting_at == upcoming.starts_at

    def test_the_agreement_signed_date_is_when_the_version_in_effect_took_effect(self, pair):
        version = in_effect_since(pair, 5)
        version.refresh_from_db()
        assert status_of(pair).agreement_signed_at == version.in_effect_at

    def test_the_check_in_status_follows_the_answers_and_the_due_date(self, pair):
        today = timezone.localdate()
        assert check_in_label(status_of(pair), today) == "Not planned yet"
        in_effect_since(pair, 10)
        assert check_in_label(status_of(pair), today).startswith("Not due yet")
        assert check_in_label(status_of(pair), today + 200 * DAY).startswith("Due since")
        CheckInAnswerFactory(mentorship=pair, author=pair.mentee)
        assert check_in_label(status_of(pair), today) == "One answered"
        CheckInAnswerFactory(mentorship=pair, author=pair.mentor)
        assert check_in_label(status_of(pair), today) == "Both answered"

    def test_a_help_request_shows_until_dealt_with(self, pair, coordinator):
        assert not status_of(pair).help_requested
        answer = request_help(pair, pair.mentee)
        assert status_of(pair).help_requested
        answer.help_resolved_at, answer.help_resolved_by = timezone.now(), coordinator
        answer.save()
        assert not status_of(pair).help_requested
