"""Running the service: /healthz, database outages answered with 503 (nothing typed lost), the
site's error pages, and task workers that take back what a dead worker was running."""

import datetime
import re
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core import mail
from django.db.utils import OperationalError
from django.tasks import TaskResultStatus, task
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from mentoring.lib import email
from mentoring.operations import health, outage
from mentoring.operations.models import SentEmail, WorkerHeartbeat
from mentoring.operations.workers import ResilientWorker, beat, take_back_orphans
from tests.factories import UserFactory
from tests.helpers import queries_fail, task_worker

SECRET_TEXT = "What I typed during the outage, line one\nand line two"


@contextmanager
def database_fails(matching: str = "", *, times: int | None = None):
    """Queries whose SQL contains `matching` fail (tests/helpers.py), and the retry's dropping
    of connections is only recorded."""
    with (
        queries_fail(lambda sql: matching in sql, times=times) as failures,
        mock.patch.object(outage, "drop_connections") as dropped,
    ):
        yield failures, dropped


@pytest.fixture
def quiet_client(client):
    """A client that hands back the error page instead of raising the view's exception."""
    client.raise_request_exception = False
    return client


class TestHealthz:
    def test_healthy_with_a_worker_that_beat(self, db, client):
        beat(worker_id="w1", started_at=timezone.now(), now=timezone.now())
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["status"] == "ok"
        assert set(response.json()["checks"]) == {"database", "migrations", "workers"}
        assert "no-cache" in response["Cache-Control"]
        assert not response.cookies

    def test_no_worker_fails_only_the_full_check(self, db, client):
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["checks"]["workers"] == {"ok": False, "alive": 0}
        assert client.get("/healthz?web=1").status_code == 200

    def test_a_worker_that_stopped_beating_is_not_alive(self, db, client, settings):
        long_ago = timezone.now() - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS + 1)
        beat(worker_id="w1", started_at=long_ago, now=long_ago)
        assert client.get("/healthz").status_code == 503

    def test_unapplied_migrations_fail(self, db, client, monkeypatch):
        monkeypatch.setattr(health, "_migrations_applied", False)
        with mock.patch(
            "django.db.migrations.executor.MigrationExecutor.migration_plan",
            return_value=[("a migration", False)],
        ):
            response = client.get("/healthz?web=1")
        assert response.status_code == 503
        assert response.json()["checks"]["migrations"] == {"ok": False, "unapplied": 1}

    def test_the_database_away_is_a_503_not_a_500(self, db, quiet_client):
        with database_fails():
            response = quiet_client.get("/healthz?web=1")
        assert response.status_code == 503
        assert response.json()["checks"] == {
            "database": {"ok": False, "error": "OperationalError"}
        }

    def test_cheap(self, db, client, django_assert_max_num_queries):
        client.get("/healthz")
        with django_assert_max_num_queries(3):
            client.get("/healthz")

    def test_exempt_from_the_https_redirect(self, db, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        assert client.get("/healthz?web=1").status_code == 200
        assert client.get(reverse("guide")).status_code == 301


class TestDatabaseOutage:
    def test_a_read_that_met_a_dropped_connection_is_retried_once(self, client_for, mentee):
        client = client_for(mentee)
        client.raise_request_exception = False
        with database_fails("programs_", times=1) as (failures, dropped):
            response = client.get(reverse("home"))
        assert response.status_code == 200
        assert len(failures) == 1
        dropped.assert_called_once()

    def test_a_read_while_the_database_is_away_gets_a_503_in_the_layout(self, client_for, mentee):
        client = client_for(mentee)
        client.raise_request_exception = False
        with database_fails() as (failures, dropped):
            response = client.get(reverse("guide"))
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert response["Cache-Control"] == "no-store"
        assert "The service is briefly unavailable" in response.text
        assert "Mentoring Toolkit" in response.text  # the layout's header
        assert 'href="/guide/"' in response.text  # "Try again"
        dropped.assert_called_once()  # one retry, no more

    def test_a_form_sent_while_the_database_is_away_gives_back_what_was_typed(
        self, mentee, client_for
    ):
        client = client_for(mentee)
        client.raise_request_exception = False
        url = reverse("preparation:self_reflection")
        with database_fails() as (failures, dropped):
            response = client.post(
                url,
                {
                    "csrfmiddlewaretoken": "the-token-sent",
                    "strengths": SECRET_TEXT,
                    "title": "Short & sweet",
                },
            )
        assert response.status_code == 503
        dropped.assert_not_called()  # a write is never sent twice behind someone's back
        page = response.text
        assert "What you sent was probably not saved" in page
        assert f'<form method="post" action="{url}">' in page
        assert '<input type="hidden" name="csrfmiddlewaretoken" value="the-token-sent">' in page
        assert re.search(r'<textarea [^>]*name="strengths"[^>]*>', page)
        assert "What I typed during the outage, line one\nand line two</textarea>" in page
        assert 'name="title" value="Short &amp; sweet"' in page
        assert "Send again" in page

    def test_passwords_and_codes_are_never_written_back(self, db, quiet_client):
        with database_fails():
            response = quiet_client.post(
                reverse("account_login"),
                {"login": "sam@example.com", "password": "hunter2-secret", "code": "123456"},
            )
        assert response.status_code == 503
        assert "sam@example.com" in response.text
        assert "hunter2-secret" not in response.text
        assert "123456" not in response.text

    def test_another_error_is_the_sites_500_page(self, db, quiet_client):
        with mock.patch(
            "mentoring.design.views.render", side_effect=RuntimeError("a bug, not an outage")
        ):
            response = quiet_client.get(reverse("design:accessibility"))
        assert response.status_code == 500
        assert "Something went wrong on our side" in response.text
        assert "a bug, not an outage" not in response.text
        assert "Retry-After" not in response


class TestErrorPages:
    def test_not_found_is_in_the_layout(self, client_for, mentee):
        response = client_for(mentee).get("/no/such/page/")
        assert response.status_code == 404
        assert "Page not found" in response.text
        assert mentee.display_name in response.text  # signed in, as on any page

    def test_forbidden_says_why(self, client_for, mentee):
        response = client_for(mentee).get(reverse("design:styleguide"))
        assert response.status_code == 403
        assert "The styleguide is for the site&#x27;s staff." in response.text


@task
def fails_on_the_database():
    raise OperationalError("the database restarted")


def queued(task_path: str, *, status=TaskResultStatus.RUNNING, worker_ids=()) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path=task_path,
        backend_name="default",
        args_kwargs={"args": [], "kwargs": {}},
        run_after=timezone.now(),
        status=status,
        worker_ids=list(worker_ids),
    )


class TestWorkers:
    def worker(self, worker_id):
        return task_worker(ResilientWorker, worker_id=worker_id)

    def test_tasks_of_a_worker_that_stopped_beating_go_back_to_the_queue(self, db, settings):
        now = timezone.now()
        stale = now - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS + 1)
        beat(worker_id="dead", started_at=stale, now=stale)
        beat(worker_id="alive", started_at=now, now=now)
        orphan = queued("tests.test_operations.fails_on_the_database", worker_ids=["dead"])
        busy = queued("tests.test_operations.fails_on_the_database", worker_ids=["alive"])
        # A worker that never beats (a plain db_worker) is never robbed.
        unknown = queued("tests.test_operations.fails_on_the_database", worker_ids=["plain"])

        assert take_back_orphans(now=now) == 1
        statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
        assert statuses[orphan.pk] == TaskResultStatus.READY
        assert statuses[busy.pk] == statuses[unknown.pk] == TaskResultStatus.RUNNING

    def test_a_restarted_worker_takes_back_its_own_tasks_at_once(self, db):
        now = timezone.now()
        beat(worker_id="worker-1", started_at=now, now=now)
        mine = queued("tests.test_operations.fails_on_the_database", worker_ids=["worker-1"])
        assert take_back_orphans(now=now, own_worker_id="worker-1") == 1
        mine.refresh_from_db()
        assert mine.status == TaskResultStatus.READY

    def test_a_task_that_met_a_database_outage_runs_again(self, db, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        result = queued("tests.test_operations.fails_on_the_database", worker_ids=["w1"])
        self.worker("w1").run_task(result)
        result.refresh_from_db()
        assert result.status == TaskResultStatus.READY
        assert result.run_after > timezone.now()

    def test_the_worker_waits_out_an_outage_and_takes_back_what_it_could_not_finish(
        self, db, monkeypatch
    ):
        worker = self.worker("w1")
        stuck = queued("tests.test_operations.fails_on_the_database", worker_ids=["w1"])
        loops = []

        def one_loop(self):
            assert len(loops) < 2, "the worker went on looping"
            loops.append(DBTaskResult.objects.get(pk=stuck.pk).status)
            if len(loops) == 1:
                DBTaskResult.objects.filter(pk=stuck.pk).update(status=TaskResultStatus.RUNNING)
                raise OperationalError("the database system is starting up")

        monkeypatch.setattr(Worker, "run", one_loop)
        monkeypatch.setattr("mentoring.operations.workers.time.sleep", lambda seconds: None)
        monkeypatch.setattr("mentoring.operations.workers.Heartbeat.start", lambda self: None)
        # Closing the test's own connection would end its transaction.
        monkeypatch.setattr("mentoring.operations.workers.connection", mock.Mock())
        monkeypatch.setattr("mentoring.operations.workers.close_old_connections", lambda: None)
        worker.run()
        assert loops == [TaskResultStatus.READY, TaskResultStatus.READY]

    def test_the_heartbeat_records_the_worker(self, db):
        now = timezone.now()
        beat(worker_id="w1", started_at=now, now=now)
        beat(worker_id="w1", started_at=now, now=now + datetime.timedelta(seconds=10))
        heartbeat = WorkerHeartbeat.objects.get()
        assert heartbeat.beat_at == now + datetime.timedelta(seconds=10)


class TestEmailsSentOnce:
    def send(self, person, message_id):
        email.send_email.call(
            template_prefix="reminders/email/meeting_tomorrow",
            context={},
            to=[person.pk],
            message_id=message_id,
        )

    def test_a_message_run_again_is_not_sent_again(self, mentee):
        self.send(mentee, "m-1")
        self.send(mentee, "m-1")
        assert len(mail.outbox) == 1
        assert SentEmail.objects.filter(message_id="m-1").count() == 1
        self.send(mentee, "m-2")
        assert len(mail.outbox) == 2

    def test_every_queued_email_carries_its_own_id(self, db, django_capture_on_commit_callbacks):
        people = [UserFactory(), UserFactory()]
        with django_capture_on_commit_callbacks(execute=True):
            for person in people:
                email.send_templated_email("reminders/email/meeting_tomorrow", {}, to=[person])
        assert len(mail.outbox) == 2
        assert SentEmail.objects.count() == 2
