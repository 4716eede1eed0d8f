"""Reminders are sent once: a second sweep, a failed send, two sweeps at once."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from mentoring.reminders import services
from mentoring.reminders.models import Kind, Reminder
from tests.factories import (
    ActionStepFactory,
    MeetingFactory,
    MentorshipFactory,
    PlanSectionFactory,
    agreement_in_effect,
)
from tests.helpers import DAY, sent_to, tomorrow_at

pytestmark = pytest.mark.django_db


class FailingBackend:
    """A mail server that is down."""

    def __init__(self, **options):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server unreachable")

    def close(self):
        pass


FAILING_MAIL = {"default": {"BACKEND": "tests.test_reminders_once_only.FailingBackend"}}


class TestOnceOnly:
    @pytest.fixture
    def due_everywhere(self, enabling, step_of):
        MeetingFactory(mentorship=enabling, starts_at=tomorrow_at(10))
        step_of("mentee", timezone.localdate() + DAY)
        step_of("mentor", timezone.localdate() - DAY)

    def test_a_second_sweep_sends_nothing_more(self, run_sweep, due_everywhere):
        first = run_sweep()
        # The meeting for both, each member's step, and the coordinator's digest (the
        # overdue step puts the pair at risk).
        assert first.due == 5 and first.to_send == 5
        assert len(mail.outbox) == 5

        second = run_sweep()

        assert (second.due, second.to_send) == (0, 0)
        assert len(mail.outbox) == 5

    def test_a_reminder_written_by_another_sweep_is_not_written_again(
        self, run_sweep, due_everywhere
    ):
        found = services.find_due(now=timezone.now())
        services.record(found)
        services.record(found)

        assert Reminder.objects.count() == 5

    def test_a_failed_send_stays_pending_and_the_next_sweep_sends_it_once(
        self, run_sweep, enabling, step_of, mentee
    ):
        step_of("mentee", timezone.localdate() - DAY)

        with override_settings(MAILERS=FAILING_MAIL):
            run_sweep()

        reminder = Reminder.objects.get(kind=Kind.STEP_OVERDUE)
        assert reminder.status == Reminder.Status.PENDING
        assert reminder.attempts == 1
        assert "mail server unreachable" in reminder.last_error
        assert mail.outbox == []

        run_sweep()
        run_sweep()

        (message,) = sent_to(mentee)
        reminder.refresh_from_db()
        assert (reminder.status, reminder.attempts) == (Reminder.Status.SENT, 1)

    def test_after_too_many_failures_it_is_marked_failed(self, run_sweep, enabling, step_of):
        step_of("mentee", timezone.localdate() - DAY)

        with override_settings(MAILERS=FAILING_MAIL):
            for _ in range(services.MAX_ATTEMPTS + 1):
                run_sweep()

        reminder = Reminder.objects.get(kind=Kind.STEP_OVERDUE)
        assert (reminder.status, reminder.attempts) == (
            Reminder.Status.FAILED,
            services.MAX_ATTEMPTS,
        )
        run_sweep()
        assert mail.outbox == []

    def test_a_send_that_crashed_is_taken_back_and_sent(self, run_sweep, step_of, mentee):
        step_of("mentee", timezone.localdate() - DAY)
        services.record(services.find_due(now=timezone.now()))
        claim, _ = services.claim_batch(now=timezone.now() - 2 * services.STUCK_AFTER)

        result = run_sweep()

        assert result.reclaimed == 2  # the step's reminder and the coordinator's digest
        assert len(sent_to(mentee)) == 1
        # The crashed task, if it ever ran, finds its claim gone and sends nothing.
        assert services.deliver(claim=claim) == 0
        assert len(sent_to(mentee)) == 1

    def test_a_reminder_no_longer_due_when_sent_is_skipped(self, run_sweep, step_of, mentee):
        step = step_of("mentee", timezone.localdate() - DAY)
        services.record(services.find_due(now=timezone.now()))
        step.done_at, step.done_by = timezone.now(), mentee
        step.save()

        run_sweep()

        assert mail.outbox == []
        assert Reminder.objects.get(kind=Kind.STEP_OVERDUE).status == Reminder.Status.SKIPPED

    @pytest.mark.parametrize("pairs", [3, 30])
    def test_a_sweep_takes_the_same_queries_at_any_size(
        self, pairs, coordinator, program, django_assert_max_num_queries
    ):
        for _ in range(pairs):
            pair = MentorshipFactory(program=program)
            agreement_in_effect(pair, planned_end_on=timezone.localdate() + 98 * DAY)
            pair.agreement.versions.update(in_effect_at=timezone.now() - 100 * DAY)
            MeetingFactory(mentorship=pair, starts_at=tomorrow_at(10))
            MeetingFactory(mentorship=pair, held=True, starts_at=timezone.now() - 3 * DAY)
            ActionStepFactory(
                section__mentorship=pair, target_on=timezone.localdate() + DAY, owner="mentor"
            )
        now = timezone.now()
        # One query per rule (seven kinds about pairs, for the mentee and for the mentor, and
        # the coordinators' digest), the pulse rules' programs and their settings (one each),
        # one INSERT for all the rows found, the UPDATE taking back crashed sends, the count
        # of reminders to send. The send task is queued on commit.
        with django_assert_max_num_queries(2 * 7 + 1 + 2 + 3):
            result = services.sweep(now=now)
        assert result.due == result.to_send == pairs * 7 + 1
        # Meeting tomorrow, check-in and reflection for both members, the mentor's step.
        assert Reminder.objects.count() == pairs * 7 + 1


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite runs one writer at a time; PostgreSQL only"
)
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(mentee, mentor, program):
    pair = MentorshipFactory(program=program, mentor=mentor, mentee=mentee)
    agreement_in_effect(pair)
    section = PlanSectionFactory(mentorship=pair)
    for day in range(1, 4):
        ActionStepFactory(section=section, target_on=timezone.localdate() + day * DAY)
    MeetingFactory(mentorship=pair, starts_at=tomorrow_at(10))
    start = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            start.wait()
            services.sweep()
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    # Three steps due for the mentee and the meeting for both; the digest finds no pair at risk.
    about_the_pair = Reminder.objects.exclude(kind=Kind.AT_RISK_DIGEST)
    assert about_the_pair.count() == 5
    assert about_the_pair.filter(status=Reminder.Status.SENT).count() == 5
    sent = [(message.to[0], message.subject) for message in mail.outbox]
    assert len(sent) == len(set(sent)) == 5
