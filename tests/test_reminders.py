"""Reminders: what is due is sent once, to the right person, with the right link; nothing else."""

import datetime
import io
import re
import threading
import zoneinfo

import pytest
from django.contrib import admin
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mentoring.reminders import services
from mentoring.reminders.due import iso_week
from mentoring.reminders.emails import build_message
from mentoring.reminders.links import opt_out_token
from mentoring.reminders.models import Kind, OptOut, Reminder
from tests.factories import (
    ActionStepFactory,
    AgreementFactory,
    AgreementVersionFactory,
    CheckInAnswerFactory,
    GoalFactory,
    MeetingFactory,
    MentorshipFactory,
    PlanSectionFactory,
    ReflectionFactory,
    SignatureFactory,
    agreement_in_effect,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


class FailingBackend:
    """A mail server that is down."""

    def __init__(self, **options):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server unreachable")

    def close(self):
        pass


FAILING_MAIL = {"default": {"BACKEND": "tests.test_reminders.FailingBackend"}}


@pytest.fixture
def run_sweep(django_capture_on_commit_callbacks):
    """A sweep whose send tasks run, as the worker would run them once the sweep commits."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.sweep(**kwargs)

    return run


def tomorrow_at(hour: int) -> datetime.datetime:
    day = timezone.localdate() + DAY
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def sent_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


@pytest.fixture
def enabling(pair):
    agreement_in_effect(pair)
    return pair


@pytest.fixture
def step_of(enabling):
    section = PlanSectionFactory(mentorship=enabling)

    def make(owner, target_on, **fields):
        return ActionStepFactory(section=section, owner=owner, target_on=target_on, **fields)

    return make


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


@pytest.fixture
def draft(pair):
    pair.start_negotiating()
    version = AgreementVersionFactory(agreement=AgreementFactory(mentorship=pair), filled=True)
    GoalFactory(version=version)
    return version


class TestSignatureWaiting:
    def test_the_partner_is_reminded_three_days_after_the_first_signature(
        self, run_sweep, draft, mentee, mentor, pair
    ):
        SignatureFactory(version=draft, signer=mentee, signed_at=timezone.now() - 3 * DAY)

        run_sweep()

        (message,) = sent_to(mentor)
        assert message.subject == "Your mentoring agreement is waiting for your signature"
        agreement = reverse("agreements:agreement", args=[pair.pk])
        assert f"http://127.0.0.1:8000{agreement}" in links_in(message)
        assert sent_to(mentee) == []

    def test_a_recent_signature_or_a_signed_partner_sends_nothing(
        self, run_sweep, draft, mentee, mentor
    ):
        SignatureFactory(version=draft, signer=mentee, signed_at=timezone.now() - 2 * DAY)
        run_sweep()
        assert mail.outbox == []

        draft.signatures.update(signed_at=timezone.now() - 5 * DAY)
        SignatureFactory(version=draft, signer=mentor)
        run_sweep()
        assert mail.outbox == []

    def test_a_voided_signature_sends_nothing(self, run_sweep, draft, mentee):
        SignatureFactory(
            version=draft,
            signer=mentee,
            signed_at=timezone.now() - 4 * DAY,
            voided_at=timezone.now() - DAY,
        )

        run_sweep()

        assert mail.outbox == []


@pytest.fixture
def halfway(pair):
    """A pair whose check-in fell due yesterday: 100 days in, 98 to go."""
    agreement_in_effect(pair, planned_end_on=timezone.localdate() + 98 * DAY)
    pair.agreement.versions.update(in_effect_at=timezone.now() - 100 * DAY)
    return pair


class TestCheckInDue:
    def test_each_member_who_has_not_answered_is_reminded(
        self, run_sweep, halfway, mentee, mentor
    ):
        CheckInAnswerFactory(mentorship=halfway, author=mentee)

        run_sweep()

        (message,) = sent_to(mentor)
        assert message.subject == f"Time for your mid-way check-in with {mentee}"
        check_in = reverse("enabling:check_in", args=[halfway.pk])
        assert f"http://127.0.0.1:8000{check_in}" in links_in(message)
        assert sent_to(mentee) == []

    def test_nothing_before_the_midpoint(self, run_sweep, pair):
        agreement_in_effect(pair, planned_end_on=timezone.localdate() + 180 * DAY)

        run_sweep()

        assert mail.outbox == []


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
        # One query per rule (six kinds about pairs, for the mentee and for the mentor, and
        # the coordinators' digest), one INSERT for all the rows found, the UPDATE taking back
        # crashed sends, the count of reminders to send. The send task is queued on commit.
        with django_assert_max_num_queries(2 * 6 + 1 + 3):
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


class TestOptOut:
    def test_every_reminder_links_to_stop_it_and_to_the_preferences(
        self, run_sweep, step_of, mentee
    ):
        step_of("mentee", timezone.localdate() - DAY)

        run_sweep()

        (message,) = sent_to(mentee)
        stop = reverse("reminders:opt_out", args=[opt_out_token(mentee, Kind.STEP_OVERDUE)])
        assert f"http://127.0.0.1:8000{stop}" in links_in(message)
        assert "http://127.0.0.1:8000/account/reminders/" in links_in(message)

    def test_the_link_asks_first_then_stops_that_kind_only_without_signing_in(
        self, client, run_sweep, enabling, step_of, mentee
    ):
        url = reverse("reminders:opt_out", args=[opt_out_token(mentee, Kind.STEP_OVERDUE)])

        response = client.get(url)
        assert response.status_code == 200
        assert b"Stop these reminders" in response.content
        assert not OptOut.objects.exists()

        response = client.post(url, follow=True)
        assert response.redirect_chain == [(url, 302)]
        assert b"Reminder turned off" in response.content
        assert OptOut.objects.get().kind == Kind.STEP_OVERDUE

        step_of("mentee", timezone.localdate() - DAY)
        step_of("mentee", timezone.localdate() + 2 * DAY)
        run_sweep()
        (message,) = sent_to(mentee)
        assert message.subject.startswith("An action step of yours is due on")

    def test_a_tampered_link_changes_nothing(self, client, mentee, mentor):
        # The mentor's name in the token, with the signature made for the mentee's.
        genuine = opt_out_token(mentee, Kind.STEP_OVERDUE)
        payload = opt_out_token(mentor, Kind.STEP_OVERDUE).split(":")[0]
        token = ":".join([payload, *genuine.split(":")[1:]])

        assert client.post(reverse("reminders:opt_out", args=[token])).status_code == 404
        assert client.post(reverse("reminders:opt_out", args=["nonsense"])).status_code == 404
        assert not OptOut.objects.exists()

    def test_an_opted_out_person_gets_nothing_of_that_kind(
        self, run_sweep, enabling, mentee, mentor
    ):
        OptOut.objects.create(user=mentor, kind=Kind.MEETING_TOMORROW)
        MeetingFactory(mentorship=enabling, starts_at=tomorrow_at(10))

        run_sweep()

        assert len(sent_to(mentee)) == 1
        assert sent_to(mentor) == []
        assert not Reminder.objects.filter(recipient=mentor).exists()

    def test_turning_a_kind_off_stops_one_already_waiting_to_be_sent(
        self, run_sweep, step_of, mentee
    ):
        # Written by a sweep whose send failed, say: it waits for the next sweep.
        step_of("mentee", timezone.localdate() - DAY)
        services.record(services.find_due(now=timezone.now()))
        services.opt_out(user=mentee, kind=Kind.STEP_OVERDUE)

        run_sweep()

        assert sent_to(mentee) == []
        assert Reminder.objects.get(kind=Kind.STEP_OVERDUE).status == Reminder.Status.SKIPPED

    def test_a_deactivated_person_gets_nothing_already_waiting(self, run_sweep, step_of, mentee):
        step_of("mentee", timezone.localdate() - DAY)
        services.record(services.find_due(now=timezone.now()))
        mentee.is_active = False
        mentee.save()

        run_sweep()

        assert sent_to(mentee) == []


class TestPreferencesPage:
    URL = "/account/reminders/"

    def test_it_needs_signing_in(self, client):
        assert reverse("reminders:preferences") == self.URL
        response = client.get(self.URL)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_everything_is_on_until_turned_off(self, client_for, mentee):
        response = client_for(mentee).get(self.URL)

        assert response.status_code == 200
        for kind in Kind:
            assert kind.label in response.content.decode()
        assert all(field.initial for field in response.context["form"].fields.values())

    def test_unticking_turns_kinds_off_and_ticking_turns_them_back_on(self, client_for, mentee):
        client = client_for(mentee)
        keep = [kind.value for kind in Kind if kind not in {Kind.STEP_DUE_SOON, Kind.CHECK_IN_DUE}]

        response = client.post(self.URL, dict.fromkeys(keep, "on"), follow=True)

        assert "Your reminder choices are saved." in response.content.decode()
        assert set(OptOut.objects.filter(user=mentee).values_list("kind", flat=True)) == {
            Kind.STEP_DUE_SOON,
            Kind.CHECK_IN_DUE,
        }
        form = response.context["form"]
        assert form.fields[Kind.STEP_DUE_SOON].initial is False
        assert form.fields[Kind.MEETING_TOMORROW].initial is True

        client.post(self.URL, dict.fromkeys(Kind.values, "on"))
        assert not OptOut.objects.filter(user=mentee).exists()

    def test_the_profile_links_to_it(self, client_for, mentee):
        response = client_for(mentee).get(reverse("accounts:profile"))

        assert self.URL in response.content.decode()


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
