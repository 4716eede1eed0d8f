"""The measuring of bench/scale.py in process: the reminder sweep's queries and time, and the
dashboard's as its coordinator through Django's test client. Imported once Django is set up."""

import csv
import io
import statistics
import time

from django.db import connection
from django.db.backends.signals import connection_created
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from bench.common import (
    BUDGET_S,
    DASHBOARD_SIZES,
    QUERY_TARGET,
    RUNS,
    SWEEP_SIZES,
    TIME_RATIO_TARGET,
    say,
    stopwatch,
)
from bench.grow import GROWN, grow_to
from mentoring.programs.models import Mentorship
from mentoring.reminders.models import Reminder
from mentoring.reminders.services import sweep

# The reminder sweep.


def forget_reminders() -> None:
    """Make the next sweep a first one again: no reminder written, no send queued."""
    Reminder.objects.all().delete()
    DBTaskResult.objects.all().delete()


def query_kinds(queries) -> str:
    kinds: dict[str, int] = {}
    for query in queries:
        verb = query["sql"].lstrip().split(None, 1)[0].upper()
        kinds[verb] = kinds.get(verb, 0) + 1
    return ", ".join(f"{count} {verb}" for verb, count in sorted(kinds.items()))


def measure_sweep(now) -> list[tuple]:
    rows = []
    for label in ("first sweep", "next sweep"):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = sweep(now=now)
            seconds = time.perf_counter() - start
        rows.append((label, len(queries), seconds, result, query_kinds(queries.captured_queries)))
    return rows


def sweep_section(now) -> None:
    say("Reminder sweep: mentoring.reminders.services.sweep(now=...), as `send_reminders` runs it")
    say("  first sweep: everything due is new (as after an outage); next sweep: nothing new")
    built = 0
    results = {}
    for total in SWEEP_SIZES:
        grow_to(total, now)
        built = Mentorship.objects.count()
        forget_reminders()
        with stopwatch(f"sweeps over {built} pairs"):
            results[total] = measure_sweep(now)
        queued = DBTaskResult.objects.count()
        for label, count, seconds, result, kinds in results[total]:
            say(
                f"  {built:6,} pairs, {label}: {count:4} queries ({kinds}), "
                f"{seconds * 1000:8.1f} ms; "
                + ", ".join(f"{name} {value:,}" for name, value in vars(result).items())
            )
        say(
            f"  {'':6}  reminders written {Reminder.objects.count():,}, send tasks queued {queued}"
        )
    small, large = (results[n][0][1] for n in SWEEP_SIZES)
    steady_small, steady_large = (results[n][1][1] for n in SWEEP_SIZES)
    say(
        f"  target: queries constant in N. first sweep {small} -> {large} queries "
        f"({'constant' if small == large else 'NOT constant'}); next sweep "
        f"{steady_small} -> {steady_large} "
        f"({'constant' if steady_small == steady_large else 'NOT constant'})"
    )
    say()


# The dashboard.


def median_ms(work, runs: int = RUNS) -> float:
    """The median of `runs` timings, or of fewer (at least 3) once they add up to BUDGET_S."""
    times = []
    while len(times) < runs and (len(times) < 3 or sum(times) < BUDGET_S):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def fetch(client: Client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def measure_page(client: Client, url: str, runs: int = RUNS) -> tuple[list[dict], float, bytes]:
    fetch(client, url)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        status, body = fetch(client, url)
    if status != 200:
        raise SystemExit(f"{url} answered {status}")
    return queries.captured_queries, median_ms(lambda: fetch(client, url), runs), body


def slowest(queries: list[dict], count: int = 3) -> list[str]:
    """The slowest queries of one request, as "ms: the start of the SQL"."""
    ranked = sorted(queries, key=lambda query: float(query["time"]), reverse=True)
    return [
        f"{float(query['time']) * 1000:7.1f} ms: {' '.join(query['sql'].split())[:110]}..."
        for query in ranked[:count]
    ]


@override_settings(PAGE_CACHE_SECONDS=0)  # what building the page costs, as for the views
def dashboard_section() -> None:
    say(
        f"Dashboard, as the program's coordinator: median of {RUNS} requests after a warm-up "
        f"(at least 3, fewer than {RUNS} once they take {BUDGET_S} s)"
    )
    say(f"  {'pairs':>6}  {'page':<28} {'queries':>7} {'median ms':>10}  rows")
    times = {}
    slow = {}
    for size in DASHBOARD_SIZES:
        for label, url, client in dashboard_pages(GROWN[f"program{size}"]):
            captured, ms, body = measure_page(client, url)
            if size == DASHBOARD_SIZES[-1]:
                slow[label] = slowest(captured)
            rows = ""
            if label.startswith("CSV"):
                rows = f"{len(list(csv.reader(io.StringIO(body.decode('utf-8-sig'))))) - 1:,}"
            times[size, label] = ms
            over = len(captured) > QUERY_TARGET
            mark = f"  <- over {QUERY_TARGET} queries" if over else ""
            say(f"  {size:6,}  {label:<28} {len(captured):7} {ms:10.1f}  {rows}{mark}")
    say(f"  target: <= {QUERY_TARGET} queries at every N (see the marks above)")
    say_time_targets(times)
    ratio = times[5000, "CSV export, all pairs"] / times[50, "CSV export, all pairs"]
    say(f"  CSV export (every pair, not paginated) at 5,000 / at 50: {ratio:.1f}x")
    say(f"  slowest queries at {DASHBOARD_SIZES[-1]:,} pairs (one request each):")
    for label, lines in slow.items():
        say(f"    {label}:")
        for line in lines:
            say(f"      {line}")
    if connection.vendor == "postgresql" and jit_is_on():
        without_jit()
    say()


def dashboard_pages(built) -> list[tuple[str, str, Client]]:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(built.coordinator)
    dashboard = reverse("dashboard:program", args=[built.program.pk])
    return [
        ("first page", dashboard, client),
        ("at risk, first page", f"{dashboard}?at_risk=yes", client),
        ("CSV export, all pairs", reverse("dashboard:export", args=[built.program.pk]), client),
    ]


def say_time_targets(times: dict) -> None:
    first, last = DASHBOARD_SIZES[0], DASHBOARD_SIZES[-1]
    for label in ("first page", "at risk, first page"):
        ratio = times[last, label] / times[first, label]
        verdict = "met" if ratio <= TIME_RATIO_TARGET else "MISSED"
        say(
            f"  target: {label} at {last:,} <= {TIME_RATIO_TARGET:g}x at {first}: "
            f"{ratio:.2f}x ({verdict})"
        )


def jit_is_on() -> bool:
    """Whether this connection compiles queries (settings.py turns JIT off on PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return cursor.fetchone()[0] == "on"


def without_jit() -> None:
    """The paginated pages again with PostgreSQL's JIT compiler off.

    The dashboard's queries are costed above `jit_above_cost`, so PostgreSQL compiles them
    before running them, which can take longer than running them.
    """
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        default = cursor.fetchone()[0]
    say(
        f"  the same pages with PostgreSQL's JIT off (SET jit = off; here jit is {default} "
        "by default):"
    )

    def turn_jit_off(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")

    # On every connection opened meanwhile: requests may close and reopen it (CONN_MAX_AGE).
    connection_created.connect(turn_jit_off)
    connection.close()
    times = {}
    try:
        for size in (DASHBOARD_SIZES[0], DASHBOARD_SIZES[-1]):
            for label, url, client in dashboard_pages(GROWN[f"program{size}"])[:2]:
                _, times[size, label], _ = measure_page(client, url)
                say(f"  {size:6,}  {label + ', jit off':<28} {'':7} {times[size, label]:10.1f}")
        say_time_targets(times)
    finally:
        connection_created.disconnect(turn_jit_off)
        connection.close()
