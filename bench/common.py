"""What the parts of bench/scale.py share: the sizes and targets of the figures, and the report
they are printed to and written in."""

import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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

# Issue 14: each page's throughput as a share of the bare view's, on 2 sync workers.
PAGE_TARGETS = {
    "mentee home": 0.20,
    "pair page": 0.12,
    "planning form": 0.12,
    "dashboard, demo (9 pairs)": 0.06,
}
# What the profiles found where a target is still missed (bench/results/issue14-profile*.md);
# printed beside the figure, so a missed target always comes with its reason.
PER_REQUEST_WORK = (
    "what is left is Django building the SQL of each small query on every request and "
    "rendering the panels' templates, not the database"
)
MISSED_BECAUSE = {
    "mentee home": "served from the page cache, it is the session, the user, the branding and "
    "two cache reads; built anew (the first visit after any write) 11 queries: "
    f"{PER_REQUEST_WORK}",
    "pair page": "served from the page cache, it still runs the access check (the pair, its "
    f"program and two people) and logs a coordinator's look; built anew 13 queries: "
    f"{PER_REQUEST_WORK}",
    "planning form": "served from the page cache, the access check and the layout; built "
    "anew, the form's twelve fields through |plain_form",
    "dashboard, demo (9 pairs)": "served from the page cache, the access check and the layout; "
    "built anew 15 queries, the filter form's crispy fields and three charts",
    "dashboard views": "a filter that matches a few pairs at 50 matches a full page at 5,000 "
    "(50 rows, about half a millisecond each to read and draw); a sort on a computed column "
    "(meetings, steps, signed) or on at risk, and the at-risk filter, work that out for every "
    "pair of the program before cutting the page; the lever left is a per-pair status row (last "
    "meeting held, first signed, earliest open step, counts) kept by the services that change "
    "them",
}
VIEW_SIZES = [50, 5000]
VIEW_RATIO_TARGET = 1.5
SWEEP_SIZES_14 = [10_000, 100_000]

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
