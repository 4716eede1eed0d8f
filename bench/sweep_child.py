"""One reminder sweep, alone in this process, so its peak memory is the sweep's own.

Run by bench/sweeps.py with the bench's environment (settings, DATABASE_URL):

    .venv/bin/python bench/sweep_child.py 2026-11-24T15:00:00+00:00

Prints one line of JSON: queries (and how many of each kind), seconds, the sweep's result, the
resident memory before the sweep and its peak during it (VmHWM, reset just before the sweep
where Linux allows it; otherwise the peak of the whole process), in KiB.
"""

import datetime
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from mentoring.reminders.services import sweep  # noqa: E402

STATUS = Path("/proc/self/status")


def memory_kib(field: str) -> int | None:
    if not STATUS.exists():
        return None
    for line in STATUS.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None


def reset_peak() -> bool:
    """Start VmHWM again from the current resident size (Linux 4.0 and later)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def main() -> None:
    now = datetime.datetime.fromisoformat(sys.argv[1])
    connection.ensure_connection()
    before = memory_kib("VmRSS")
    peak_reset = reset_peak()
    kinds: dict[str, int] = {}

    def count(execute, sql, params, many, context):
        # Only the kind: keeping each INSERT's SQL, as CaptureQueriesContext does, would
        # count megabytes of it in the sweep's memory.
        verb = sql.lstrip().split(None, 1)[0].upper()
        kinds[verb] = kinds.get(verb, 0) + 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        result = sweep(now=now)
        seconds = time.perf_counter() - start
    peak = memory_kib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "queries": sum(kinds.values()),
                "kinds": kinds,
                "seconds": seconds,
                "result": vars(result),
                "rss_before_kib": before,
                "peak_kib": peak,
                "peak_is_the_sweeps": peak_reset,
            }
        )
    )


if __name__ == "__main__":
    main()
