"""The sweep reads each rule's rows a chunk at a time and writes its reminders a batch at a
time, so its memory stays bounded however much is due: every reminder is still written once,
and its queries grow only by one INSERT per batch."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.reminders import services
from mentoring.reminders.models import Reminder
from tests.factories import MeetingFactory
from tests.helpers import tomorrow_at

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def due_everywhere(enabling, step_of):
    """Five reminders: the meeting for both, each member's step, the coordinator's digest."""
    MeetingFactory(mentorship=enabling, starts_at=tomorrow_at(10))
    step_of("mentee", timezone.localdate() + DAY)
    step_of("mentor", timezone.localdate() - DAY)


def inserts(queries) -> int:
    """The INSERTs of reminders among `queries`."""
    table = f'"{Reminder._meta.db_table}"'
    # SQLite spells the INSERT that ignores conflicts "INSERT OR IGNORE INTO".
    return sum(
        query["sql"].lstrip().startswith("INSERT") and table in query["sql"].split("(", 1)[0]
        for query in queries
    )


def test_small_batches_write_every_reminder_once(monkeypatch, run_sweep, due_everywhere):
    monkeypatch.setattr(services, "WRITE_BATCH", 2)
    monkeypatch.setattr(services, "READ_CHUNK", 1)
    with CaptureQueriesContext(connection) as queries:
        first = run_sweep()
    assert first.due == 5 and Reminder.objects.count() == 5
    # three batches of reminders: 2, 2 and 1
    assert inserts(queries.captured_queries) == 3
    assert len(mail.outbox) == 5
    assert run_sweep().due == 0
    assert len(mail.outbox) == 5


def test_the_batch_size_changes_only_the_inserts(monkeypatch, run_sweep, due_everywhere):
    with CaptureQueriesContext(connection) as whole:
        services.sweep()
    Reminder.objects.all().delete()
    monkeypatch.setattr(services, "WRITE_BATCH", 1)
    with CaptureQueriesContext(connection) as one_by_one:
        services.sweep()
    others = len(whole) - inserts(whole.captured_queries)
    assert len(one_by_one) - inserts(one_by_one.captured_queries) == others
    assert inserts(one_by_one.captured_queries) == inserts(whole.captured_queries) + 4
