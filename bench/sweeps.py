"""Issue 14's reminder sweep at 10,000 and 100,000 pairs, for bench/scale.py.

Last in the run: it empties the database (`flush`) and fills it with bench/sweep_data.py's
pairs, only what the sweep reads, so the two sizes have the same mix. Each sweep runs in its
own process (bench/sweep_child.py), so the peak memory reported is the sweep's: the first
sweep (everything due is new, as after an outage) and the next one (nothing new). The sweep
writes its reminders WRITE_BATCH at a time (mentoring/reminders/services.py), so INSERTs are
counted apart: one per batch, the rest constant.
"""

import json
import os
import subprocess
import sys
import time

from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from bench.common import ROOT, SWEEP_SIZES_14, say, stopwatch
from bench.sweep_data import build_sweep_pairs
from mentoring.programs.models import Mentorship
from mentoring.reminders.models import Reminder


def sweep_apart(now, database_url: str) -> dict:
    command = [sys.executable, str(ROOT / "bench" / "sweep_child.py"), now.isoformat()]
    env = os.environ | {"DATABASE_URL": database_url}
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return json.loads(output.stdout)


def sweeps_section(now, database_url: str) -> None:
    say(
        "Reminder sweep at scale (issue 14): a database holding only what the sweep reads, "
        "each sweep in a process of its own (peak RSS is the sweep's)"
    )
    with stopwatch("flush"):
        call_command("flush", interactive=False, verbosity=0)
    results = {}
    for total in SWEEP_SIZES_14:
        missing = total - Mentorship.objects.count()
        loader = "COPY" if connection.vendor == "postgresql" else "bulk_create"
        start = time.perf_counter()
        rows = build_sweep_pairs(pairs=missing, now=now, tag=f"upto{total}")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        say(
            f"  data: {missing:,} pairs more, {rows:,} rows ({loader}) in "
            f"{time.perf_counter() - start:.1f} s"
        )
        Reminder.objects.all().delete()
        DBTaskResult.objects.all().delete()
        connection.close()  # the child opens its own; the next query here reopens this one
        for label in ("first sweep", "next sweep"):
            with stopwatch(f"{label} over {total:,} pairs"):
                result = results[total, label] = sweep_apart(now, database_url)
            kinds = ", ".join(f"{n} {verb}" for verb, n in sorted(result["kinds"].items()))
            grew = (result["peak_kib"] - result["rss_before_kib"]) / 1024
            say(
                f"  {total:7,} pairs, {label}: {result['queries']:3} queries ({kinds}), "
                f"{result['seconds'] * 1000:8.0f} ms; peak RSS {result['peak_kib'] / 1024:6.1f} "
                f"MiB ({grew:+.1f} MiB over the {result['rss_before_kib'] / 1024:.1f} before); "
                + ", ".join(f"{name} {value:,}" for name, value in result["result"].items())
            )
    small, large = SWEEP_SIZES_14
    for label in ("first sweep", "next sweep"):
        a, b = results[small, label], results[large, label]
        # The reminders are written WRITE_BATCH at a time: one INSERT per batch newly due.
        reads = [r["queries"] - r["kinds"].get("INSERT", 0) for r in (a, b)]
        per_small, per_large = (r["seconds"] * 1e6 / n for r, n in ((a, small), (b, large)))
        say(
            f"  {label}: queries but INSERTs {reads[0]} -> {reads[1]} "
            f"({'constant' if reads[0] == reads[1] else 'NOT constant'}), INSERTs "
            f"{a['kinds'].get('INSERT', 0)} -> {b['kinds'].get('INSERT', 0)}; time "
            f"x{b['seconds'] / a['seconds']:.1f} for x{large // small} pairs "
            f"({per_small:.0f} -> {per_large:.0f} ms per 1,000 pairs); "
            f"peak RSS {a['peak_kib'] / 1024:.0f} -> {b['peak_kib'] / 1024:.0f} MiB"
        )
    say()
