"""Issue 14's page figures for bench/scale.py: the demo program's pages, in process and under
load on 2 sync gunicorn workers, as shares of the bare view's throughput. Imported once Django
is set up."""

import os

from django.test import Client, override_settings

from bench.common import CONNECTIONS, LOAD_SECONDS, PAGE_TARGETS, ROUNDS, say, stopwatch
from bench.demo import build_demo, demo_pages
from bench.measure import measure_page
from bench.throughput import gunicorn, say_throughput, session_cookie, taking_turns


def pages_section(database_url: str) -> None:
    with stopwatch("demo program"):
        pages = demo_pages(build_demo())
    say(
        "Pages of the demo program (9 pairs), in process: test client, one request at a time; "
        "home, the pair page, the planning form and the dashboard come from the page cache "
        "after the first request (mentoring/lib/page_cache.py), and each figure is also given "
        "built anew"
    )
    for label, path, user in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if user is not None:
            client.force_login(user)
        captured, ms, _ = measure_page(client, path)
        with override_settings(PAGE_CACHE_SECONDS=0):
            built, built_ms, _ = measure_page(client, path)
        say(
            f"  {label:<26} {len(captured):2} queries, median {ms:6.1f} ms; without the page "
            f"cache {len(built):2} queries, {built_ms:6.1f} ms"
        )
    targets = [(label, path, session_cookie(user) if user else "") for label, path, user in pages]
    with gunicorn(database_url, worker_class="sync") as port:
        say(
            f"Throughput: gunicorn on 127.0.0.1, {os.cpu_count()} sync workers, DEBUG off; "
            "bench/load.py in "
            f"another process, {CONNECTIONS} keep-alive connections (wrk -t1 -c{CONNECTIONS} "
            f"alike); {ROUNDS} rounds of {LOAD_SECONDS} s per URL, taking turns"
        )
        say_throughput(taking_turns(port, targets), PAGE_TARGETS)
    say(
        "  Under this load nobody writes, so home, the pair page, the planning form and the "
        "dashboard are served from the page cache after their first request; a write sends "
        "each viewer's next "
        "request to the figure built anew above"
    )
    say()
