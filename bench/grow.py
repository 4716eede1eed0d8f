"""The data at scale for bench/scale.py: the dashboard programs of bench/data.py, then other
programs up to the sweep's sizes, each built once. Imported once Django is set up."""

import time

from django.db import connection

from bench.common import DASHBOARD_SIZES, say
from bench.data import build_program
from mentoring.programs.models import Mentorship

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
