"""Coordinators at scale (issue 5) and pages near Django's floor (issue 14).

Run: make bench (or .venv/bin/python bench/scale.py). PostgreSQL when DATABASE_URL is set,
otherwise SQLite; either way in a throwaway database migrated fresh, never the one you work in:
a temporary SQLite file, or `test_<name>` beside the PostgreSQL database DATABASE_URL names,
created and dropped as the test runner does. Settings are production's (DEBUG off, a random
SECRET_KEY, ALLOWED_HOSTS=127.0.0.1) with plain HTTP allowed (no HTTPS redirect, no secure
cookies, no HSTS) and the URLconf of bench/urls.py, which adds a bare view. Total: about 10
minutes on 2 cores with PostgreSQL.

1. Data (bench/grow.py, building with bench/data.py and bench/data_rows.py): programs of 50,
   500 and 5,000 pairs, plus pairs in other programs to bring the database to 1,000 and then
   10,000 pairs for the sweep. On PostgreSQL, then ANALYZE, as autovacuum would have done on a
   live database.
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

Then issue 14's, written to their own file:

5. Pages (bench/pages.py): the demo program's nine pairs (bench/demo.py); the bare view, the
   guide signed in, a mentee's home, the pair page, the planning form and the coordinator's
   dashboard, in process and then on 2 sync gunicorn workers under bench/load.py, taking turns,
   each as a share of the bare view's throughput, against the issue's targets.
6. Every dashboard view (bench/views.py: first page, at risk and not, each filter, each sort
   both ways) at 5,000 pairs against 50: time ratio and queries at both sizes.
7. The reminder sweep at 10,000 and 100,000 pairs (bench/sweeps.py, last: it empties the
   database and fills it with bench/sweep_data.py's pairs), each sweep in its own process
   (bench/sweep_child.py) for its peak memory.

Steps 2 and 3 are measured in bench/measure.py, step 4 in bench/throughput.py; their sizes and
targets are in bench/common.py. This file sets up the environment (bench/environment.py) and
Django, the throwaway database, and runs the steps in turn. Prints the figures with their
targets and writes them to bench/results/issue5-<vendor>.txt (steps 1-4) and
bench/results/issue14-<vendor>.txt (steps 5-7).
"""

import os
import platform
import shutil
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import ROOT, configure  # noqa: E402

WORKDIR = Path(tempfile.mkdtemp(prefix="mentoring-bench-"))
configure(WORKDIR)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import report, say, stopwatch  # noqa: E402
from bench.health import health_section  # noqa: E402
from bench.measure import dashboard_section, sweep_section  # noqa: E402
from bench.pages import pages_section  # noqa: E402
from bench.sweeps import sweeps_section  # noqa: E402
from bench.throughput import throughput_section  # noqa: E402
from bench.views import views_section  # noqa: E402


def throwaway_database() -> str:
    """Point the connection at a fresh database and migrate it; return its URL."""
    url = os.environ["DATABASE_URL"]
    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)  # create_test_db makes them on PostgreSQL
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


def write(issue: str, lines: list[str]) -> None:
    results = ROOT / "bench" / "results" / f"{issue}-{connection.vendor}.txt"
    results.parent.mkdir(exist_ok=True)
    results.write_text("\n".join(lines) + "\n")
    print(f"Written to {results.relative_to(ROOT)}")


def main() -> None:
    started = time.perf_counter()
    try:
        with stopwatch("fresh database, migrated"):
            database_url = throwaway_database()
        # Production serves hashed static files from a manifest; pages fail without one.
        with stopwatch("collectstatic"):
            call_command("collectstatic", interactive=False, verbosity=0)
        now = timezone.now()
        about = machine()
        say(f"Coordinators at scale (issue 5): bench/scale.py, {connection.vendor}")
        for line in about:
            say(f"  {line}")
        say()
        sweep_section(now)
        dashboard_section()
        throughput_section(database_url)
        say(f"Whole run so far: {time.perf_counter() - started:.0f} s")
        write("issue5", report)
        report.clear()
        say(f"Pages near Django's floor (issue 14): bench/scale.py, {connection.vendor}")
        for line in about:
            say(f"  {line}")
        say()
        pages_section(database_url)
        views_section()
        # Before the sweeps, which empty the database: on the programs the views were timed on,
        # with answers added (after the views, so as not to change their figures).
        issue14 = report.copy()
        report.clear()
        say(f"Program health (issue 15): bench/scale.py, {connection.vendor}")
        for line in about:
            say(f"  {line}")
        say()
        health_section()
        write("issue15", report)
        report[:] = issue14
        sweeps_section(now, database_url)
        say(f"Whole run (issues 5, 14 and 15): {time.perf_counter() - started:.0f} s")
        write("issue14", report)
    finally:
        drop_database()
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
