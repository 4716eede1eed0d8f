"""Task workers that survive what django-tasks-db's `db_worker` does not.

- A worker killed mid-task (SIGKILL, the machine lost) leaves its task RUNNING for ever: each
  worker beats every `HEARTBEAT_SECONDS`, and puts back to READY the tasks of a worker whose
  beat is older than `WORKER_STALE_SECONDS`, and at start its own (a restarted unit keeps its
  worker id).
- A task that failed because the database went away is not the task's fault: it goes back to
  READY a few seconds later instead of FAILED, up to `DATABASE_RETRIES` times.
- The database going away between tasks ends `db_worker` with an exception; here the loop
  waits and tries again.

Only tasks of workers that beat are ever taken back, so a plain `db_worker` (which does not)
is never robbed of a task it is still running.
"""

import datetime
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from mentoring.lib import page_cache
from mentoring.operations.models import SentEmail, WorkerHeartbeat
from mentoring.operations.outage import DATABASE_ERRORS

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
DATABASE_ERROR_PATHS = {f"{error.__module__}.{error.__qualname__}" for error in DATABASE_ERRORS}
# A task's worker ids grow by one per claim: more than this many and the failure is the task's.
DATABASE_RETRIES = 5
RETRY_AFTER = datetime.timedelta(seconds=5)
# A SentEmail only matters while its task could still run again.
SENT_EMAIL_KEPT = datetime.timedelta(days=7)


def stale_before(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)


def beat(*, worker_id: str, started_at: datetime.datetime, now: datetime.datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": now,
        },
    )


def requeue(
    task_ids: list, *, run_after: datetime.datetime, status=TaskResultStatus.RUNNING
) -> int:
    """Put these tasks, if still in `status`, back in the queue; return how many were."""
    return DBTaskResult.objects.filter(pk__in=task_ids, status=status).update(
        status=TaskResultStatus.READY, started_at=None, finished_at=None, run_after=run_after
    )


def take_back_orphans(*, now: datetime.datetime, own_worker_id: str | None = None) -> int:
    """Requeue the tasks left RUNNING by workers that stopped beating (and, given
    `own_worker_id`, by an earlier process with this worker's id). Return how many."""
    stale = set(
        WorkerHeartbeat.objects.filter(beat_at__lt=stale_before(now)).values_list(
            "worker_id", flat=True
        )
    )
    if own_worker_id:
        stale.add(own_worker_id)
    if not stale:
        return 0
    # Only as many tasks run as there are workers: reading them all is cheap.
    orphans = [
        task.pk
        for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "pk", "worker_ids"
        )
        if task.worker_ids and task.worker_ids[-1] in stale
    ]
    taken = requeue(orphans, run_after=now) if orphans else 0
    if taken:
        logger.warning("Took back %d task(s) from stopped workers", taken)
    return taken


def forget_old_workers(*, now: datetime.datetime) -> None:
    # A worker gone for a day will not come back under its id with tasks to take back.
    WorkerHeartbeat.objects.filter(beat_at__lt=now - datetime.timedelta(days=1)).delete()
    SentEmail.objects.filter(sent_at__lt=now - SENT_EMAIL_KEPT).delete()


class Heartbeat(threading.Thread):
    """Beats, takes back orphaned tasks and tidies up, on its own database connection."""

    def __init__(self, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        beats = 0
        while not self.stopping.is_set():
            try:
                now = timezone.now()
                beat(worker_id=self.worker_id, started_at=self.started_at, now=now)
                take_back_orphans(now=now)
                if beats % 6 == 0:  # every minute: kept pages hold people's pages
                    page_cache.purge_expired()
                if beats % 360 == 0:  # hourly
                    forget_old_workers(now=now)
                beats += 1
            except DATABASE_ERRORS:
                logger.warning("Heartbeat of %s: database unavailable", self.worker_id)
                connection.close()
            self.stopping.wait(HEARTBEAT_SECONDS)
        connection.close()


class ResilientWorker(Worker):
    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        own_taken_back = False
        try:
            while self.running:
                try:
                    if not own_taken_back:
                        take_back_orphans(now=timezone.now(), own_worker_id=self.worker_id)
                        own_taken_back = True
                    super().run()
                    return
                except DATABASE_ERRORS:
                    logger.warning("Worker %s: database unavailable, waiting", self.worker_id)
                    # A task whose end could not be recorded is still RUNNING under this id,
                    # and nothing runs here now: take it back once the database answers.
                    own_taken_back = False
                    close_old_connections()
                    connection.close()
                    time.sleep(max(self.interval, 1))
        finally:
            heartbeat.stopping.set()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if (
            db_task_result.status == TaskResultStatus.FAILED
            and db_task_result.exception_class_path in DATABASE_ERROR_PATHS
            and len(db_task_result.worker_ids) < DATABASE_RETRIES
        ):
            # set_failed saved FAILED, so the database is back: run it again shortly.
            requeue(
                [db_task_result.pk],
                run_after=timezone.now() + RETRY_AFTER,
                status=TaskResultStatus.FAILED,
            )
            logger.warning("Task %s met a database outage; queued again", db_task_result.pk)
