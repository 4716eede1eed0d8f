"""The arithmetic of `make soak`'s report (bench/soak/report.py), on made-up requests."""

from collections import Counter
from dataclasses import dataclass

from bench.soak.report import buckets, email_line, percentile, recovery_seconds, summary


@dataclass
class Hit:
    start: float
    latency: float
    status: int
    method: str = "GET"
    token: str = ""
    acknowledged: bool = False
    token_in_page: bool = False
    session_lost: bool = False


def test_percentile_is_the_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([], 0.5) == 0.0


def test_recovery_runs_to_the_end_of_the_last_failure_after_the_database_is_back():
    hits = [Hit(9.5, 0.2, 503), Hit(10.8, 0.5, 0), Hit(12.0, 0.1, 200)]
    assert round(recovery_seconds(hits, down=10.0, up=11.0), 6) == 0.3


def test_no_failure_after_the_database_is_back_is_no_recovery_time():
    hits = [Hit(10.2, 0.1, 503), Hit(11.5, 0.1, 200)]
    assert recovery_seconds(hits, down=10.0, up=11.0) == 0.0


def test_buckets_count_by_the_second_a_request_started():
    hits = [Hit(9.9, 0.1, 200), Hit(10.1, 0.1, 503), Hit(10.5, 0.1, 500), Hit(10.7, 0.1, 0)]
    rows = {row.second: row for row in buckets(hits, down=10.2, up=10.9, before=1, after=1)}
    assert sorted(rows) == [9, 10, 11]
    assert (rows[9].requests, rows[9].errors) == (1, 0)
    ten = rows[10]
    assert (ten.requests, ten.errors, ten.unavailable, ten.other_5xx, ten.no_answer) == (
        3,
        3,
        1,
        1,
        1,
    )


def test_summary_separates_the_restart_window_from_the_rest():
    hits = [
        Hit(1.0, 0.2, 500),  # long before the restart: counts outside
        Hit(10.1, 0.3, 503, method="POST", token="t1", token_in_page=True),
        Hit(10.2, 0.3, 503, method="POST", token="t2"),
        Hit(12.0, 0.1, 302, method="POST", token="t3", acknowledged=True),
        Hit(20.0, 0.1, 302, session_lost=True),
    ]
    figures = summary(hits, down=10.0, up=11.0)
    assert figures["errors_outside"] == 1
    assert figures["errors_in_window"] == 2
    assert figures["unavailable_in_window"] == 2
    assert figures["other_5xx"] == 1
    assert figures["writes"] == 3
    assert figures["acknowledged"] == 1
    assert (figures["refused_posts"], figures["refused_posts_with_text"]) == (2, 1)
    assert figures["sessions_lost"] == 1


def test_email_line_counts_each_expected_email():
    line = email_line("emails", ["a", "b", "c"], Counter({"a": 1, "b": 2}))
    assert line == "emails: 3, sent exactly once 1, never 1, more than once 1 (MISSED)"
