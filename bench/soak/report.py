"""The soak's figures from its recorded requests: pure arithmetic, tested in
tests/test_soak_report.py. Times are seconds since the load began."""

import math
from collections import Counter
from dataclasses import dataclass

# A database back for this long without an error counts as recovered; the target.
RECOVERY_TARGET = 5.0
# Requests that end this long after the database came back may still have waited on it.
WINDOW_AFTER = 10.0


def is_error(status: int) -> bool:
    """A failed request: a 5xx, or no answer at all (0)."""
    return status == 0 or status >= 500


def overlaps(hit, start: float, end: float) -> bool:
    return hit.start <= end and hit.start + hit.latency >= start


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def recovery_seconds(hits, down: float, up: float) -> float:
    """From the database answering again to the end of the last request that failed because
    of the outage (0 when none failed after it was back)."""
    ends = [
        hit.start + hit.latency
        for hit in hits
        if is_error(hit.status) and overlaps(hit, down, up + WINDOW_AFTER)
    ]
    return max([0.0, *(end - up for end in ends)])


@dataclass
class Bucket:
    second: int
    requests: int
    errors: int
    unavailable: int  # 503
    other_5xx: int
    no_answer: int


def buckets(hits, down: float, up: float, before: int = 5, after: int = 8) -> list[Bucket]:
    """Requests by the second they started in, from `before` s ahead of the restart to
    `after` s past the database's return."""
    rows = []
    for second in range(math.floor(down) - before, math.ceil(up) + after):
        inside = [hit for hit in hits if second <= hit.start < second + 1]
        rows.append(
            Bucket(
                second,
                len(inside),
                sum(is_error(hit.status) for hit in inside),
                sum(hit.status == 503 for hit in inside),
                sum(hit.status >= 500 and hit.status != 503 for hit in inside),
                sum(hit.status == 0 for hit in inside),
            )
        )
    return rows


def summary(hits, down: float, up: float) -> dict:
    """The headline figures; `hits` need start, latency, status, method, acknowledged,
    token, token_in_page and session_lost."""
    window = (down, up + RECOVERY_TARGET)
    in_window = [hit for hit in hits if overlaps(hit, *window)]
    outside = [hit for hit in hits if not overlaps(hit, *window)]
    refused_posts = [hit for hit in hits if hit.method == "POST" and hit.status == 503]
    answered = [hit.latency for hit in hits if hit.status]
    return {
        "requests": len(hits),
        "statuses": Counter(hit.status for hit in hits),
        "other_5xx": sum(hit.status >= 500 and hit.status != 503 for hit in hits),
        "no_answer": sum(hit.status == 0 for hit in hits),
        "errors_outside": sum(is_error(hit.status) for hit in outside),
        "errors_in_window": sum(is_error(hit.status) for hit in in_window),
        "unavailable_in_window": sum(hit.status == 503 for hit in in_window),
        "recovery": recovery_seconds(hits, down, up),
        "sessions_lost": sum(hit.session_lost for hit in hits),
        "writes": sum(bool(hit.token) for hit in hits),
        "acknowledged": sum(hit.acknowledged for hit in hits),
        "refused_posts": len(refused_posts),
        "refused_posts_with_text": sum(hit.token_in_page for hit in refused_posts),
        "p50": percentile(answered, 0.50),
        "p95": percentile(answered, 0.95),
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def lines(figures: dict, rows: list[Bucket], down: float, up: float, lost: int) -> list[str]:
    f = figures
    out = [
        f"PostgreSQL restarted (pg_ctl restart -m fast) at {down:.2f} s; answering again at "
        f"{up:.2f} s ({up - down:.2f} s down)",
        "",
        "Requests per second around the restart (by the second they started in):",
        f"  {'second':>6} {'requests':>8} {'errors':>6} {'503':>4} {'other 5xx':>9} "
        f"{'no answer':>9}",
    ]
    for row in rows:
        mark = " <- down" if row.second == math.floor(down) else ""
        mark = mark or (" <- back" if row.second == math.floor(up) else "")
        out.append(
            f"  {row.second:>6} {row.requests:>8} {row.errors:>6} {row.unavailable:>4} "
            f"{row.other_5xx:>9} {row.no_answer:>9}{mark}"
        )
    statuses = ", ".join(
        f"{count} x {status or 'no answer'}" for status, count in sorted(f["statuses"].items())
    )
    out += [
        "",
        f"Requests: {f['requests']} ({statuses})",
        f"5xx other than 503: {f['other_5xx']} (target 0: {verdict(f['other_5xx'] == 0)})",
        f"Requests with no answer (connection cut): {f['no_answer']}",
        f"Errors outside the restart window ({down:.1f}-{up + RECOVERY_TARGET:.1f} s): "
        f"{f['errors_outside']} (target 0: {verdict(f['errors_outside'] == 0)})",
        f"Errors in the restart window: {f['errors_in_window']}, of them 503: "
        f"{f['unavailable_in_window']}",
        f"Seconds to recover after the database was back: {f['recovery']:.2f} "
        f"(target <= {RECOVERY_TARGET:.0f}: {verdict(f['recovery'] <= RECOVERY_TARGET)})",
        f"Writes sent: {f['writes']}, acknowledged: {f['acknowledged']}; acknowledged writes "
        f"lost: {lost} (target 0: {verdict(lost == 0)})",
        f"Sessions lost across nodes (sent to the sign-in page once signed in): "
        f"{f['sessions_lost']} (target 0: {verdict(f['sessions_lost'] == 0)})",
        f"Form submissions answered 503: {f['refused_posts']}, their page giving back the typed "
        f"text: {f['refused_posts_with_text']} of {f['refused_posts']} (target all: "
        f"{verdict(f['refused_posts_with_text'] == f['refused_posts'])})",
        f"Latency of answered requests: p50 {f['p50'] * 1000:.0f} ms, "
        f"p95 {f['p95'] * 1000:.0f} ms",
    ]
    return out


def details(hits, lost: list, unacknowledged_saved: int) -> list[str]:
    """Which node answered, and each write that went wrong."""
    nodes = Counter(hit.node for hit in hits)
    out = ["Requests per node: " + ", ".join(f"{n}: {c}" for n, c in sorted(nodes.items()))]
    out += [
        f"  503 without the typed text: {hit.kind} at {hit.start:.2f} s ({hit.page})"
        for hit in hits
        if hit.method == "POST" and hit.status == 503 and hit.token and not hit.token_in_page
    ]
    out += [
        f"  LOST: {hit.kind} {hit.token}, answered {hit.status} at {hit.start:.2f} s by {hit.node}"
        for hit in lost
    ]
    out.append(f"Writes saved though never acknowledged (answer lost): {unacknowledged_saved}")
    return out


def email_line(label: str, tokens: list[str], counts) -> str:
    once = sum(counts[token] == 1 for token in tokens)
    never = sum(counts[token] == 0 for token in tokens)
    twice = sum(counts[token] > 1 for token in tokens)
    return (
        f"{label}: {len(tokens)}, sent exactly once {once}, never {never}, more than once "
        f"{twice} ({verdict(once == len(tokens))})"
    )
