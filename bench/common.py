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
