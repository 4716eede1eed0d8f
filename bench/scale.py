"""Coordinators at scale (issue 5): the dashboard, the reminder sweep and throughput.

Run: make bench (or .venv/bin/python bench/scale.py). PostgreSQL when DATABASE_URL is set,
otherwise SQLite; either way in a throwaway database migrated fresh, never the one you work in:
a temporary SQLite file, or `test_<name>` beside the PostgreSQL database DATABASE_URL names,
created and dropped as the test runner does. Settings are production's (DEBUG off, a random
SECRET_KEY, ALLOWED_HOSTS=127.0.0.1) with plain HTTP allowed (no HTTPS redirect, no secure
cookies, no HSTS) and the URLconf of bench/urls.py, which adds a bare view.

1. Data (bench/data.py): programs of 50, 500 and 5,000 pairs, plus pairs in other programs
   to bring the database to 1,000 and then 10,000 pairs for the sweep. On PostgreSQL, then
   ANALYZE, as autovacuum would have done on a live database.
2. Reminder sweep (`mentoring.reminders.services.sweep`) at 1,000 and at 10,000 pairs: the
   first sweep (everything due is new) and the next one (nothing new); queries and time.
3. Dashboard at 50, 500 and 5,000 pairs, as the program's coordinator through Django's test
   client: the first page, the at-risk filter and the CSV export. Queries, the median server
   time of 10 requests after a warm-up, and the slowest queries at 5,000 pairs. On
   PostgreSQL, the two pages again with JIT compilation off.
4. Throughput: gunicorn on 127.0.0.1 (gthread workers), and bench/load.py in another process
   keeping 8 connections busy, 3 rounds of 5 s per URL in turn: the bare view, the guide
   page signed in (the cost of a session, a user and base.html), a mentee's home page and
   the 5,000-pair dashboard, signed in with session cookies made here.

Prints the figures with their targets and writes them to bench/results/issue5-<vendor>.txt.
"""

import csv
import io
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORKDIR = Path(tempfile.mkdtemp(prefix="mentoring-bench-"))
PRODUCTION_LIKE = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    # The load generator speaks plain HTTP to 127.0.0.1: no redirect to HTTPS, cookies that
    # travel over HTTP, no HSTS. Everything else is as in production.
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SITE_URL": "http://127.0.0.1",
    # Its coordinators sign in without a second factor; the check costs no query once passed.
    "REQUIRE_TWO_FACTOR": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "ERROR",
    "BENCH_STATIC_ROOT": str(WORKDIR / "static"),
}
os.environ.update(PRODUCTION_LIKE)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from bench.data import build_program  # noqa: E402
from mentoring.programs.models import Mentorship, Phase  # noqa: E402
from mentoring.reminders.models import Reminder  # noqa: E402
from mentoring.reminders.services import sweep  # noqa: E402

DASHBOARD_SIZES = [50, 500, 5000]
SWEEP_SIZES = [1000, 10000]
RUNS = 10
BUDGET_S = 12  # a page slower than 1.2 s is timed fewer times, so the run stays short
LOAD_SECONDS = 5
ROUNDS = 3
CONNECTIONS = 8
QUERY_TARGET = 15
TIME_RATIO_TARGET = 2.0
HOME_RATIO_TARGET = 0.30

report: list[str] = []


def say(line: str = "") -> None:
    print(line, flush=True)
    report.append(line)


def progress(message: str) -> None:
    print(f"  ... {message}", file=sys.stderr, flush=True)


@contextmanager
def stopwatch(label: str):
    start = time.perf_counter()
    yield
    progress(f"{label}: {time.perf_counter() - start:.1f} s")


def throwaway_database() -> str:
    """Point the connection at a fresh database and migrate it; return its URL."""
    url = os.environ["DATABASE_URL"]
    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0, interactive=False)
        return url
    original = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    CREATED.append((original, name))
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


# The PostgreSQL database this run created: the only one it ever drops.
CREATED: list[tuple[str, str]] = []


def drop_database() -> None:
    for original, name in CREATED:
        connection.close()
        assert connection.settings_dict["NAME"] == name
        connection.creation.destroy_test_db(original, verbosity=0)


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]} (a file in {WORKDIR})"
        else:
            cursor.execute("show server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]} ({connection.settings_dict['NAME']})"
    return [
        f"date: {timezone.localtime():%Y-%m-%d %H:%M %Z}; load average at start "
        + " ".join(f"{load:.2f}" for load in os.getloadavg()),
        f"machine: {os.cpu_count()} CPUs, {cpu}; {platform.system()} {platform.release()}",
        f"database: {database}",
        f"python {platform.python_version()}, django {django.get_version()}",
    ]


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


GROWN: dict[str, object] = {}


def grow_to(total: int, now) -> None:
    """Build the dashboard programs that fit, then other programs up to `total` pairs."""
    for size in DASHBOARD_SIZES:
        if f"program{size}" not in GROWN and Mentorship.objects.count() + size <= total:
            GROWN[f"program{size}"] = build(size, now, tag=f"p{size}", label="dashboard")
    missing = total - Mentorship.objects.count()
    if missing > 0:
        build(missing, now, tag=f"other{total}", label="others")
    if connection.vendor == "postgresql":
        # Autovacuum would have gathered statistics on a live database; without them the
        # planner takes the freshly loaded tables for empty and scans them once per pair.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def build(pairs: int, now, *, tag: str, label: str):
    start = time.perf_counter()
    built = build_program(pairs=pairs, now=now, tag=tag)
    seconds = time.perf_counter() - start
    say(
        f"  data: {label} program of {pairs:,} pairs, {built.rows:,} rows "
        f"(bulk_create) in {seconds:.1f} s"
    )
    return built


# The dashboard.


def median_ms(work) -> float:
    """The median of RUNS timings, or of fewer (at least 3) once they add up to BUDGET_S."""
    times = []
    while len(times) < RUNS and (len(times) < 3 or sum(times) < BUDGET_S):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def fetch(client: Client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def measure_page(client: Client, url: str) -> tuple[list[dict], float, bytes]:
    fetch(client, url)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        status, body = fetch(client, url)
    if status != 200:
        raise SystemExit(f"{url} answered {status}")
    return queries.captured_queries, median_ms(lambda: fetch(client, url)), body


def slowest(queries: list[dict], count: int = 3) -> list[str]:
    """The slowest queries of one request, as "ms: the start of the SQL"."""
    ranked = sorted(queries, key=lambda query: float(query["time"]), reverse=True)
    return [
        f"{float(query['time']) * 1000:7.1f} ms: {' '.join(query['sql'].split())[:110]}..."
        for query in ranked[:count]
    ]


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
    if connection.vendor == "postgresql":
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


# Throughput.


def session_cookie(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2):
                return
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def load(port: int, path: str, cookie: str, seconds: float) -> dict:
    command = [
        sys.executable,
        str(ROOT / "bench" / "load.py"),
        f"--port={port}",
        f"--path={path}",
        f"--cookie={cookie}",
        f"--connections={CONNECTIONS}",
        f"--seconds={seconds}",
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def throughput_section(database_url: str) -> None:
    workers = os.cpu_count() or 1
    threads = 4
    mentee = (
        Mentorship.objects.open()
        .filter(program=GROWN["program5000"].program, phase=Phase.ENABLING)
        .select_related("mentee")
        .order_by("pk")
        .first()
        .mentee
    )
    coordinator = GROWN["program5000"].coordinator
    anonymous = Client(HTTP_HOST="127.0.0.1")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(mentee)
    say("The pages below in process (test client, one request at a time), for comparison:")
    for label, url, as_who in [
        ("bare view", "/bench/bare/", anonymous),
        ("guide page, signed in", "/guide/", client),
        ("mentee home page", "/", client),
    ]:
        captured, ms, _ = measure_page(as_who, url)
        say(f"  {label:<24} {len(captured):2} queries, median {ms:6.1f} ms")
    mentee_cookie = session_cookie(mentee)
    targets = [
        ("bare Django view", "/bench/bare/", ""),
        # A signed-in page with nothing of its own: the session, the user and base.html.
        ("guide page, signed in", "/guide/", mentee_cookie),
        ("mentee home page", "/", mentee_cookie),
        (
            "dashboard, 5,000 pairs",
            reverse("dashboard:program", args=[GROWN["program5000"].program.pk]),
            session_cookie(coordinator),
        ),
    ]
    connection.close()  # the server's workers open their own
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "mentoring.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--keep-alive=5",
        "--log-level=warning",
        f"--chdir={ROOT}",
    ]
    env = os.environ | {"DATABASE_URL": database_url}
    server = subprocess.Popen(command, env=env)
    try:
        wait_until_up(port, server)
        say(
            f"Throughput: gunicorn on 127.0.0.1, {workers} workers x {threads} threads (gthread), "
            f"DEBUG off; bench/load.py in another process, {CONNECTIONS} keep-alive "
            f"connections; {ROUNDS} rounds of {LOAD_SECONDS} s per URL, taking turns, "
            "so a slow spell of this shared machine falls on every URL"
        )
        for _, path, cookie in targets:
            load(port, path, cookie, 0)  # warm-up: one request per connection
        rounds = []
        for _ in range(ROUNDS):
            rounds.append(
                {label: load(port, path, cookie, LOAD_SECONDS) for label, path, cookie in targets}
            )
        say_throughput(rounds)
    finally:
        server.terminate()
        server.wait(timeout=30)


def say_throughput(rounds: list[dict[str, dict]]) -> None:
    """Per URL: the median of the rounds' requests/s, its range, and the median of the
    rounds' ratios to the bare view; latencies of the median round; every non-200 answer."""
    bare = "bare Django view"
    say(
        f"  {'URL':<24} {'req/s':>8} {'(range)':>15} {'vs bare':>8} {'median ms':>10} "
        f"{'p95 ms':>8}  answers"
    )
    ratios = {}
    for label in rounds[0]:
        results = sorted((r[label] for r in rounds), key=lambda r: r["requests_per_second"])
        middle = results[len(results) // 2]
        speeds = [r["requests_per_second"] for r in results]
        ratios[label] = statistics.median(
            r[label]["requests_per_second"] / r[bare]["requests_per_second"] for r in rounds
        )
        answers: dict[str, int] = {}
        for result in results:
            for code, count in result["statuses"].items():
                answers[code] = answers.get(code, 0) + count
        errors = {code: count for code, count in answers.items() if code != "200"}
        summary = f"{answers.get('200', 0):,} x 200" + (
            f"; ERRORS {errors}" if errors else ", no errors"
        )
        digits = 0 if speeds[0] >= 10 else 1
        spread = f"({speeds[0]:.{digits}f}-{speeds[-1]:.{digits}f})"
        say(
            f"  {label:<24} {middle['requests_per_second']:8.1f} {spread:>15} "
            f"{ratios[label]:8.0%} {middle['median_ms']:10.1f} {middle['p95_ms']:8.1f}  {summary}"
        )
    home = ratios["mentee home page"]
    verdict = "met" if home >= HOME_RATIO_TARGET else "MISSED"
    say(f"  target: home >= {HOME_RATIO_TARGET:.0%} of bare: {home:.0%} ({verdict})")
    say()


def main() -> None:
    started = time.perf_counter()
    try:
        with stopwatch("fresh database, migrated"):
            database_url = throwaway_database()
        # Production serves hashed static files from a manifest; pages fail without one.
        with stopwatch("collectstatic"):
            call_command("collectstatic", interactive=False, verbosity=0)
        now = timezone.now()
        say(f"Coordinators at scale (issue 5): bench/scale.py, {connection.vendor}")
        for line in machine():
            say(f"  {line}")
        say()
        sweep_section(now)
        dashboard_section()
        throughput_section(database_url)
        say(f"Whole run: {time.perf_counter() - started:.0f} s")
        results = ROOT / "bench" / "results" / f"issue5-{connection.vendor}.txt"
        results.parent.mkdir(exist_ok=True)
        results.write_text("\n".join(report) + "\n")
        print(f"Written to {results.relative_to(ROOT)}")
    finally:
        drop_database()
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
