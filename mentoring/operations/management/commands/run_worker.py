"""`manage.py run_worker`: django-tasks-db's `db_worker`, with a heartbeat, tasks of dead workers
taken back, and database outages waited out (mentoring/operations/workers.py).

Give each worker a stable `--worker-id` (the systemd unit's instance, say): restarted, it takes
back at once what it was running when it died.
"""

from django_tasks_db.management.commands import db_worker

from mentoring.operations.workers import ResilientWorker


class Command(db_worker.Command):
    help = "Run a background task worker that beats, and survives crashes and database outages"

    def handle(self, *args, **options):
        # db_worker.Command builds the worker by this module-level name and offers no hook.
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
