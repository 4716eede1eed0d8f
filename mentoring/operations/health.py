"""What `/healthz` checks: the database answers, every migration is applied, a task worker
beat recently. At most three small queries."""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mentoring.operations.models import WorkerHeartbeat
from mentoring.operations.outage import DATABASE_ERRORS
from mentoring.operations.workers import stale_before

# Migrations only ever get applied while this code runs: once all are, checking again would
# only cost the graph's loading on every poll.
_migrations_applied = False


def database() -> dict:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def migrations() -> dict:
    global _migrations_applied
    if not _migrations_applied:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return {"ok": False, "unapplied": len(plan)}
        _migrations_applied = True
    return {"ok": True}


def workers() -> dict:
    alive = WorkerHeartbeat.objects.filter(beat_at__gte=stale_before(timezone.now())).count()
    return {"ok": alive > 0, "alive": alive}


def run_checks(*, include_workers: bool) -> dict:
    checks = {"database": database, "migrations": migrations}
    if include_workers:
        checks["workers"] = workers
    results = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        except DATABASE_ERRORS as error:
            results[name] = {"ok": False, "error": type(error).__name__}
            # The rest would only fail the same way.
            break
    return results
