"""Retention: a closed pair's writing is erased its program's retention period after it ended,
to the second; open pairs never; counts stay; each erasure is logged without content."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.audit.log import record
from mentoring.audit.models import AccessEvent, Action
from mentoring.meetings.models import Meeting, Reflection
from mentoring.privacy.retention import apply_retention, prune_access_log
from mentoring.programs.models import Mentorship, months_before
from tests.factories import MentorFactory, MentorshipFactory
from tests.planted import database_text, plant


@pytest.fixture
def planted(pair, kick_starter_bank):
    ended = MentorshipFactory(
        program=pair.program, mentee=pair.mentee, mentor=MentorFactory(full_name="Rosa Retired")
    )
    planted = plant(open_pair=pair, ended_pair=ended)
    planted.ended = Mentorship.objects.get(pk=ended.pk)
    return planted


def ended_texts(planted) -> list[str]:
    """What the ended pair wrote (not what its members wrote for themselves, elsewhere)."""
    return [
        text
        for label, text in planted.texts.items()
        if "ended" in label
        or "closing" in label
        or label.endswith(("thanks", "reason"))
        or label
        in {"mentee pair planning template", "mentee pair check-in", "mentor pair check-in"}
    ]


class TestMonthsBefore:
    @pytest.mark.parametrize(
        ("moment", "months", "expected"),
        [
            ("2027-03-15T10:00", 24, "2025-03-15T10:00"),
            ("2027-04-30T10:00", 2, "2027-02-28T10:00"),
            ("2028-04-30T10:00", 2, "2028-02-29T10:00"),
            ("2027-01-31T23:59", 1, "2026-12-31T23:59"),
        ],
    )
    def test_calendar_months(self, moment, months, expected):
        parsed = datetime.datetime.fromisoformat(moment)
        assert months_before(parsed, months) == datetime.datetime.fromisoformat(expected)


class TestTheBoundary:
    def test_erased_exactly_when_the_period_is_over_and_not_a_second_before(self, planted):
        ended = planted.ended
        program = ended.program
        assert program.retention_months == 24
        due = ended.ended_at.replace(year=ended.ended_at.year + 2)
        assert apply_retention(now=due - datetime.timedelta(seconds=1)) == []
        (erased,) = apply_retention(now=due)
        assert erased.mentorship_id == ended.pk

    def test_a_programs_own_period_counts(self, planted):
        program = planted.ended.program
        program.retention_months = 3
        program.save()
        now = planted.ended.ended_at + datetime.timedelta(days=93)
        assert [pair.mentorship_id for pair in apply_retention(now=now)] == [planted.ended.pk]

    def test_open_pairs_are_never_erased(self, planted, pair):
        far = timezone.now() + datetime.timedelta(days=365 * 20)
        erased = apply_retention(now=far)
        assert [row.mentorship_id for row in erased] == [planted.ended.pk]
        pair.refresh_from_db()
        assert pair.writing_erased_at is None

    def test_a_pair_is_erased_once(self, planted):
        far = timezone.now() + datetime.timedelta(days=365 * 3)
        assert len(apply_retention(now=far)) == 1
        assert apply_retention(now=far) == []


class TestWhatIsErased:
    def test_the_ended_pairs_writing_goes_and_the_rest_stays(self, planted):
        held = Meeting.objects.held().filter(mentorship=planted.ended).count()
        reflections = Reflection.objects.filter(meeting__mentorship=planted.ended).count()
        apply_retention(now=timezone.now() + datetime.timedelta(days=365 * 3))
        text = database_text()
        gone = ended_texts(planted)
        assert gone
        for erased in gone:
            assert erased not in text, erased
        for label, kept in planted.texts.items():
            if kept not in gone:
                assert kept in text, label
        ended = Mentorship.objects.get(pk=planted.ended.pk)
        assert ended.writing_erased_at is not None
        assert Meeting.objects.held().filter(mentorship=ended).count() == held
        assert Reflection.objects.filter(meeting__mentorship=ended).count() == reflections
        assert ended.goal_outcomes.filter(outcome="achieved").count() == 2

    def test_the_log_says_what_went_in_counts_only(self, planted):
        apply_retention(now=timezone.now() + datetime.timedelta(days=365 * 3))
        event = AccessEvent.objects.get(action=Action.RETENTION_ERASED)
        assert event.mentorship_id == planted.ended.pk
        assert event.actor is None
        assert "meetings: " in event.detail
        assert "zq" not in event.detail

    def test_the_pair_page_says_its_writing_was_erased(self, planted, client_for, mentee):
        apply_retention(now=timezone.now() + datetime.timedelta(days=365 * 3))
        page = client_for(mentee).get(reverse("programs:mentorship", args=[planted.ended.pk]))
        assert "What this pair wrote was erased" in page.content.decode()


class TestTheCommand:
    def test_a_dry_run_prints_and_changes_nothing(self, planted, time_machine):
        time_machine.move_to(timezone.now() + datetime.timedelta(days=365 * 3))
        before = database_text()
        out = io.StringIO()
        call_command("apply_retention", "--dry-run", stdout=out)
        assert f"Would erase the writing of pair #{planted.ended.pk}" in out.getvalue()
        assert "Would erase the writing of 1 pair(s)." in out.getvalue()
        assert database_text() == before
        assert not AccessEvent.objects.filter(action=Action.RETENTION_ERASED).exists()

    def test_the_daily_run_erases(self, planted, time_machine):
        time_machine.move_to(timezone.now() + datetime.timedelta(days=365 * 3))
        out = io.StringIO()
        call_command("apply_retention", stdout=out)
        assert "Erased the writing of 1 pair(s)." in out.getvalue()
        assert Mentorship.objects.get(pk=planted.ended.pk).writing_erased_at is not None


class TestTheSetting:
    def test_a_coordinator_sets_the_period_and_bad_values_are_refused(
        self, client_for, coordinator, program
    ):
        url = reverse("programs:edit_program", args=[program.pk])
        form = client_for(coordinator).get(url).context["form"]
        data = {
            name: value
            for name, value in form.initial.items()
            if value is not None and not isinstance(value, list)
        }
        data |= {"starts_on": program.starts_on, "ends_on": program.ends_on}
        response = client_for(coordinator).post(url, data | {"retention_months": "0"})
        assert "Keep it at least a month" in response.content.decode()
        client_for(coordinator).post(url, data | {"retention_months": "36"})
        program.refresh_from_db()
        assert program.retention_months == 36


class TestAtScale:
    def test_pairs_are_read_a_batch_at_a_time(self, db):
        far = timezone.now() + datetime.timedelta(days=365 * 3)
        now = timezone.now()
        MentorshipFactory.create_batch(
            5, started_at=now - datetime.timedelta(days=90), ended_at=now
        )
        with CaptureQueriesContext(connection) as queries:
            erased = apply_retention(now=far, dry_run=True, batch=2)
        assert len(erased) == 5
        reads = [q["sql"] for q in queries if 'FROM "programs_mentorship"' in q["sql"]]
        # Three batches of at most two, and the empty read that ends it; each a LIMIT.
        assert len(reads) == 4
        assert all("LIMIT 2" in sql for sql in reads)


class TestAccessLogRetention:
    def test_events_older_than_the_setting_are_removed_and_none_without_it(
        self, db, settings, mentee
    ):
        with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
            record(Action.SIGNED_IN, actor=mentee)
        recent = record(Action.SIGNED_IN, actor=mentee)
        settings.ACCESS_LOG_RETENTION_MONTHS = 0
        assert prune_access_log() == 0
        settings.ACCESS_LOG_RETENTION_MONTHS = 12
        out = io.StringIO()
        call_command("apply_retention", stdout=out)
        assert "Removed 1 access log event(s)" in out.getvalue()
        assert list(AccessEvent.objects.values_list("pk", flat=True)) == [recent.pk]
