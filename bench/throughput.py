"""Throughput for bench/scale.py: gunicorn on 127.0.0.1 under bench/load.py, signed in with
session cookies made here. Imported once Django is set up."""

import json
import os
import statistics
import subprocess
import sys
from contextlib import contextmanager
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from bench.common import (
    CONNECTIONS,
    HOME_RATIO_TARGET,
    LOAD_SECONDS,
    MISSED_BECAUSE,
    ROOT,
    ROUNDS,
    say,
)
from bench.grow import GROWN
from bench.measure import measure_page
from bench.serving import free_port, wait_until_answering
from mentoring.programs.models import Mentorship, Phase


def session_cookie(user) -> str:
    # Whichever engine the settings name (the database, or the cache in front of it).
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    # And the CSRF cookie a browser keeps from its first page, so no answer has to set one.
    csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    )


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    def stopped():
        return None if server.poll() is None else f"gunicorn stopped with {server.returncode}"

    if not wait_until_answering(f"http://127.0.0.1:{port}/bench/bare/", stopped=stopped):
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
    with gunicorn(database_url, worker_class="gthread", threads=threads) as port:
        say(
            f"Throughput: gunicorn on 127.0.0.1, {workers} workers x {threads} threads (gthread), "
            f"DEBUG off; bench/load.py in another process, {CONNECTIONS} keep-alive "
            f"connections; {ROUNDS} rounds of {LOAD_SECONDS} s per URL, taking turns, "
            "so a slow spell of this shared machine falls on every URL"
        )
        ratios = say_throughput(taking_turns(port, targets))
    home = ratios["mentee home page"]
    verdict = "met" if home >= HOME_RATIO_TARGET else "MISSED"
    say(f"  target: home >= {HOME_RATIO_TARGET:.0%} of bare: {home:.0%} ({verdict})")
    say()


@contextmanager
def gunicorn(database_url: str, *, worker_class: str, threads: int = 1):
    """gunicorn serving the site on a free port of 127.0.0.1, one worker per CPU; the port."""
    connection.close()  # the server's workers open their own
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "mentoring.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={os.cpu_count() or 1}",
        f"--worker-class={worker_class}",
        f"--threads={threads}",
        "--keep-alive=5",
        "--log-level=warning",
        f"--chdir={ROOT}",
    ]
    env = os.environ | {"DATABASE_URL": database_url}
    server = subprocess.Popen(command, env=env)
    try:
        wait_until_up(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def taking_turns(port: int, targets: list[tuple[str, str, str]]) -> list[dict[str, dict]]:
    """ROUNDS rounds of LOAD_SECONDS per (label, path, cookie) in turn, after a warm-up."""
    for _, path, cookie in targets:
        load(port, path, cookie, 0)  # warm-up: one request per connection
    return [
        {label: load(port, path, cookie, LOAD_SECONDS) for label, path, cookie in targets}
        for _ in range(ROUNDS)
    ]


def say_throughput(rounds: list[dict[str, dict]], targets: dict | None = None) -> dict:
    """Per URL: the median of the rounds' requests/s, its range, and the median of the
    rounds' ratios to the bare view (with its target, if `targets` names one); latencies of the
    median round; every non-200 answer. Returns the ratios."""
    targets = targets or {}
    bare = "bare Django view"
    say(
        f"  {'URL':<26} {'req/s':>8} {'(range)':>15} {'vs bare':>8} {'median ms':>10} "
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
        target = ""
        if label in targets:
            met = ratios[label] >= targets[label]
            target = f"  target >= {targets[label]:.0%}: {'met' if met else 'MISSED'}"
        say(
            f"  {label:<26} {middle['requests_per_second']:8.1f} {spread:>15} "
            f"{ratios[label]:8.0%} {middle['median_ms']:10.1f} {middle['p95_ms']:8.1f}  {summary}"
            f"{target}"
        )
    for label, target in targets.items():
        if ratios.get(label, 1) < target and label in MISSED_BECAUSE:
            say(f"    why {label} misses {target:.0%}: {MISSED_BECAUSE[label]}")
    return ratios
