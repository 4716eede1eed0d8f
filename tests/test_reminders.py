"""Reminders: what is due is sent to the right person with the right link: a meeting
tomorrow, an action step, a missing reflection, the coordinator's at-risk digest."""

import datetime
import io
import zoneinfo

import pytest
from django.contrib import admin
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mentoring.reminders import services
from mentoring.reminders.due import iso_week
from mentoring.reminders.emails import build_message
from mentoring.reminders.models import Kind, Reminder
from tests.factories import (
    ActionStepFactory,
    CheckInAnswerFactory,
    MeetingFactory,
    PlanSectionFactory,
    ReflectionFactory,
    agreement_in_effect,
)
from tests.helpers import DAY, links_in, sent_to, tomorrow_at

pytestmark = pytest.mark.django_db


class TestMeetingTomorrow:
    def test_both_members_are_reminded_once_with_a_link_to_the_meeting(
        self, run_sweep, enabling, mentee, mentor
    ):
        meeting = MeetingFactory(mentorship=enabling, starts_at=tomorrow_at(10))

        run_sweep()

        for person, partner in [(mentee, mentor), (mentor, mentee)]:
            (message,) = sent_to(person)
            assert message.subject == f"Your mentoring meeting with {partner} is tomorrow"
            assert "tomorrow" in message.body and "10:00" in message.body
            assert f"http://127.0.0.1:8000{meeting.get_absolute_url()}" in links_in(message)
        assert len(mail.outbox) == 2
        assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 2

    def test_a_meeting_moved_to_another_time_is_reminded_again(self, run_sweep, enabling, mentee):
        meeting = MeetingFactory(mentorship=enabling, starts_at=tomorrow_at(10))
        run_sweep()
        meeting.starts_at = tomorrow_at(15)
        meeting.save()
        run_sweep()
        run_sweep()

        first, second = sent_to(mentee)
        assert "10:00" in first.body and "3:00" in second.body

    def test_a_meeting_in_three_days_or_cancelled_is_not_reminded(self, run_sweep, enabling):
        MeetingFactory(mentorship=enabling, starts_at=tomorrow_at(10) + 2 * DAY)
        MeetingFactory(mentorship=enabling, starts_at=tomorrow_at(11), status="cancelled")

        run_sweep()

        assert mail.outbox == []

    def test_tomorrow_is_each_persons_tomorrow(self, enabling, mentee, mentor):
        # 20:00 on Tuesday in Vancouver is 04:00 on Wednesday in London.
        vancouver = zoneinfo.ZoneInfo("America/Vancouver")
        now = datetime.datetime(2026, 11, 24, 20, 0, tzinfo=vancouver)
        mentee.time_zone = "America/Vancouver"
        mentee.save()
        mentor.time_zone = "Europe/London"
        mentor.save()
        MeetingFactory(
            mentorship=enabling,
            starts_at=datetime.datetime(2026, 11, 25, 10, 0, tzinfo=vancouver),
        )

        def meeting_reminders(now):
            return [r for r in services.find_due(now=now) if r.kind == Kind.MEETING_TOMORROW]

        assert [r.recipient_id for r in meeting_reminders(now)] == [mentee.pk]

        # Five hours earlier, it is still Tuesday in London: both are reminded, each with
        # the time in their own zone.
        earlier = now - datetime.timedelta(hours=5)
        due = meeting_reminders(earlier)
        assert {r.recipient_id for r in due} == {mentee.pk, mentor.pk}
        bodies = {
            r.recipient_id: build_message(r, now=earlier).body
            for r in Reminder.objects.bulk_create(due)
        }
        assert "10:00 AM PST" in bodies[mentee.pk]
        assert "6:00 PM GMT" in bodies[mentor.pk]

    def test_a_zone_the_tz_database_no_longer_knows_falls_back_to_the_sites(
        self, run_sweep, enabling, mentee, mentor
    ):
        # Saved when the zone existed; one such person must not stop everyone's reminders.
        type(mentor).objects.filter(pk=mentor.pk).update(time_zone="Mars/Olympus_Mons")
        MeetingFactory(mentorship=enabling, starts_at=tomorrow_at(10))

        run_sweep()

        assert len(sent_to(mentee)) == 1
        (message,) = sent_to(mentor)
        assert "10:00" in message.body


class TestActionSteps:
    def test_a_step_due_in_three_days_reminds_its_owner_only(
        self, run_sweep, step_of, mentee, mentor, enabling
    ):
        step_of("mentee", timezone.localdate() + 3 * DAY)

        run_sweep()

        (message,) = sent_to(mentee)
        assert message.subject.startswith("An action step of yours is due on")
        plan = reverse("enabling:action_plan", args=[enabling.pk])
        assert f"http://127.0.0.1:8000{plan}" in links_in(message)
        assert sent_to(mentor) == []

    def test_an_overdue_step_reminds_its_owner_once(self, run_sweep, step_of, mentee, mentor):
        step_of("mentor", timezone.localdate() - DAY)

        run_sweep()
        run_sweep()

        (message,) = sent_to(mentor)
        assert message.subject == "An action step of yours is overdue"
        assert sent_to(mentee) == []

    def test_a_step_moved_to_a_new_date_is_reminded_again_once(self, run_sweep, step_of, mentee):
        step = step_of("mentee", timezone.localdate() - DAY)
        run_sweep()
        step.target_on = timezone.localdate() + 2 * DAY
        step.save()
        run_sweep()
        run_sweep()

        overdue, due_soon = sent_to(mentee)
        assert overdue.subject == "An action step of yours is overdue"
        assert due_soon.subject.startswith("An action step of yours is due on")
        keys = Reminder.objects.filter(recipient=mentee).values_list("key", flat=True)
        assert set(keys) == {
            f"step:{step.pk}:{timezone.localdate() - DAY}",
            f"step:{step.pk}:{timezone.localdate() + 2 * DAY}",
        }

    def test_steps_due_later_or_done_are_not_reminded(self, run_sweep, step_of, mentee):
        step_of("mentee", timezone.localdate() + 5 * DAY)
        step_of("mentee", timezone.localdate() - DAY, done_at=timezone.now(), done_by=mentee)

        run_sweep()

        assert mail.outbox == []

    def test_the_email_does_not_quote_the_step(self, run_sweep, step_of, mentee):
        step_of("mentee", timezone.localdate() + 2 * DAY, what="Ask Priya about the merger")

        run_sweep()

        (message,) = sent_to(mentee)
        assert "Priya" not in message.body + message.subject


class TestReflectionMissing:
    def test_who_has_not_written_one_is_reminded_two_days_after(
        self, run_sweep, enabling, mentee, mentor
    ):
        meeting = MeetingFactory(
            mentorship=enabling, held=True, starts_at=timezone.now() - 2 * DAY - 1 * DAY / 24
        )
        ReflectionFactory(meeting=meeting, author=mentee)

        run_sweep()

        (message,) = sent_to(mentor)
        assert message.subject == f"Your 3-2-1 reflection on your meeting with {mentee}"
        page = reverse("meetings:reflection", args=[enabling.pk, meeting.pk])
        assert f"http://127.0.0.1:8000{page}" in links_in(message)
        assert sent_to(mentee) == []

    def test_not_the_day_after_nor_for_a_scheduled_meeting(self, run_sweep, enabling):
        MeetingFactory(mentorship=enabling, held=True, starts_at=timezone.now() - DAY)
        MeetingFactory(mentorship=enabling, starts_at=timezone.now() - 3 * DAY)

        run_sweep()

        assert mail.outbox == []


# Words planted in every private field, which no coordinator may ever read.
SECRET = "Zanzibar-secret"


@pytest.fixture
def at_risk_pair(pair, mentee, mentor):
    """A pair at risk (an overdue step), with private text everywhere."""
    agreement_in_effect(pair, success=f"{SECRET} success", boundaries=f"{SECRET} boundaries")
    section = PlanSectionFactory(mentorship=pair, goal_alignment=f"{SECRET} alignment")
    ActionStepFactory(
        section=section, what=f"{SECRET} step", target_on=timezone.localdate() - 2 * DAY
    )
    meeting = MeetingFactory(
        mentorship=pair,
        held=True,
        agenda=f"{SECRET} agenda",
        notes=f"{SECRET} notes",
        starts_at=timezone.now() - 10 * DAY,
    )
    ReflectionFactory(meeting=meeting, author=mentee, learned_1=f"{SECRET} learned")
    CheckInAnswerFactory(mentorship=pair, author=mentor, do_differently=f"{SECRET} answer")
    return pair


class TestAtRiskDigest:
    def test_coordinators_get_names_phase_and_reasons_once_a_week(
        self, run_sweep, at_risk_pair, coordinator, other_coordinator, mentee, mentor, program
    ):
        run_sweep()
        run_sweep()

        (digest,) = sent_to(coordinator)
        assert digest.subject == f"{program}: 1 pair at risk this week"
        assert f"{mentee} (mentee) and {mentor} (mentor), Enabling" in digest.body
        assert "1 overdue action step" in digest.body
        dashboard = reverse("dashboard:program", args=[program.pk])
        assert f"http://127.0.0.1:8000{dashboard}?at_risk=yes" in links_in(digest)
        assert sent_to(other_coordinator) == []
        week = iso_week(timezone.localdate())
        assert Reminder.objects.get(kind=Kind.AT_RISK_DIGEST).key == f"program:{program.pk}:{week}"

    def test_no_email_in_a_week_without_pairs_at_risk(self, run_sweep, enabling, coordinator):
        run_sweep()

        assert sent_to(coordinator) == []
        assert Reminder.objects.get(kind=Kind.AT_RISK_DIGEST).status == Reminder.Status.SKIPPED

    def test_no_email_quotes_private_text(self, run_sweep, at_risk_pair, coordinator):
        MeetingFactory(mentorship=at_risk_pair, starts_at=tomorrow_at(9), agenda=SECRET)

        run_sweep()

        assert sent_to(coordinator)
        assert len(mail.outbox) > 3
        for message in mail.outbox:
            assert SECRET not in message.subject + message.body


def test_the_command_runs_a_sweep(enabling, step_of, django_capture_on_commit_callbacks):
    step_of("mentee", timezone.localdate() + DAY)

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)

    # The step's reminder and the weekly digest, which finds no pair at risk and is skipped.
    assert "2 reminder(s) newly due, 2 queued to send" in out.getvalue()
    assert len(mail.outbox) == 1


def test_reminders_are_in_the_admin():
    assert Reminder in admin.site._registry
