"""The embedded SQLite default takes a request and the task worker writing at once (issue 11).

`make run` serves requests beside `manage.py db_worker`, both writing to one SQLite file. These
tests open that situation on a temporary file (the test database lives in memory, where no two
connections ever contend): one thread writes as a request does, reading and then writing inside
`transaction.atomic`, while another claims and finishes task rows as django-tasks-db's worker
does. They use the OPTIONS from settings, and show what happens without them.
"""

import threading
import time
import uuid

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="about the embedded SQLite default; PostgreSQL has row locks",
)

SETTINGS_OPTIONS = settings.DATABASES["default"].get("OPTIONS", {})
# Django's and sqlite3's own defaults: deferred transactions, a 5-second busy wait, no WAL.
NO_OPTIONS = {}


@pytest.fixture
def open_database(tmp_path, django_db_blocker):
    """Returns `open(options)`: the alias of a fresh SQLite file with the task table."""
    aliases = []

    def open_(options: dict) -> str:
        alias = f"concurrency_{len(aliases)}"
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / f"{alias}.db"}
        database = connections.configure_settings({"default": database})["default"]
        connections.settings[alias] = {**database, "OPTIONS": dict(options)}
        aliases.append(alias)
        with connections[alias].schema_editor() as editor:
            editor.create_model(DBTaskResult)
        return alias

    with django_db_blocker.unblock():
        yield open_
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def in_thread(target, *args) -> threading.Thread:
    """Runs `target` in a thread with its own connections (Django's are per thread)."""

    def run():
        try:
            target(*args)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def enqueue(alias: str) -> None:
    """What a request does: read (is this already queued?), then write (queue an email)."""
    tasks = DBTaskResult.objects.using(alias)
    tasks.filter(task_path="mentoring.lib.email.send").count()
    tasks.create(
        task_path="mentoring.lib.email.send",
        args_kwargs={"args": [str(uuid.uuid4())], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )


def claim_and_finish(alias: str, worker_id: str) -> bool:
    """One turn of db_worker's loop (django_tasks_db Worker.run); False if nothing was ready."""
    with exclusive_transaction(alias):
        task = DBTaskResult.objects.using(alias).ready().get_locked()
        if task is not None:
            task.claim(worker_id)
    if task is None:
        return False
    task.set_successful(None)
    return True


def request_meets_worker(alias: str) -> list[OperationalError]:
    """A request has read when the worker claims a task; the request then writes.

    The worker waits for the request's read before it starts, and the request waits (up to
    half a second) for the worker to finish before it writes: without IMMEDIATE the worker
    writes between the request's read and write, every time; with it, the worker cannot begin
    until the request commits, so the request writes after its half second and the worker
    follows.
    """
    enqueue(alias)
    request_has_read, worker_done = threading.Event(), threading.Event()
    errors = []

    def request():
        try:
            with transaction.atomic(using=alias):
                DBTaskResult.objects.using(alias).count()
                request_has_read.set()
                worker_done.wait(timeout=0.5)
                enqueue(alias)
        except OperationalError as error:
            errors.append(error)

    def worker():
        request_has_read.wait(timeout=5)
        try:
            claim_and_finish(alias, "worker-1")
        except OperationalError as error:
            errors.append(error)
        worker_done.set()

    threads = [in_thread(request), in_thread(worker)]
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_it_lets_a_request_write_while_the_worker_claims_a_task(open_database):
    alias = open_database(SETTINGS_OPTIONS)

    assert request_meets_worker(alias) == []
    tasks = DBTaskResult.objects.using(alias)
    assert (tasks.count(), tasks.successful().count()) == (2, 1)


@pytest.mark.parametrize(
    "options",
    [NO_OPTIONS, {**SETTINGS_OPTIONS, "transaction_mode": None}],
    ids=["no options", "timeout and WAL, deferred transactions"],
)
def test_without_immediate_the_request_fails_with_database_is_locked(open_database, options):
    """The failure issue 11 saw in the browser journey, made to happen every time.

    A longer busy timeout or WAL alone does not help: SQLite cannot let a transaction that
    has read go on to write once another has written, so it fails without waiting.
    """
    alias = open_database(options)

    errors = request_meets_worker(alias)

    assert [str(error) for error in errors] == ["database is locked"]
    # The request rolled back; the worker's claim went through.
    tasks = DBTaskResult.objects.using(alias)
    assert (tasks.count(), tasks.successful().count()) == (1, 1)


def test_it_takes_a_stream_of_requests_beside_a_busy_worker(open_database):
    """A request thread and a worker loop at full speed for 200 requests: no write is lost."""
    alias = open_database(SETTINGS_OPTIONS)
    requests, errors = 200, []
    requests_done = threading.Event()

    def request_stream():
        try:
            for _ in range(requests):
                with transaction.atomic(using=alias):
                    enqueue(alias)
                    time.sleep(0.002)  # the rest of the request, e.g. rendering the page
        except OperationalError as error:
            errors.append(error)
        finally:
            requests_done.set()

    def worker_loop():
        try:
            while claim_and_finish(alias, "worker-1") or not requests_done.is_set():
                time.sleep(0.001)  # db_worker's --interval, shortened
        except OperationalError as error:
            errors.append(error)

    threads = [in_thread(request_stream), in_thread(worker_loop)]
    for thread in threads:
        thread.join(timeout=30)

    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    tasks = DBTaskResult.objects.using(alias)
    assert (tasks.count(), tasks.successful().count()) == (requests, requests)


def test_it_keeps_the_in_memory_test_database_working(db):
    """The OPTIONS reach the test database too: WAL is refused quietly in memory."""
    with transaction.atomic():
        enqueue("default")
    assert DBTaskResult.objects.count() == 1
    with connections["default"].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("memory",)
    assert connections["default"].transaction_mode == "IMMEDIATE"
