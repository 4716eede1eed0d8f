"""`make soak`: two gunicorn nodes, two task workers and a PostgreSQL of its own under 50
virtual users for 60 s, the database restarted and a worker killed on the way (see
bench/soak/__init__.py). Prints the report and writes it to bench/results/issue14-soak.txt."""

import atexit
import os
import platform
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.environment import PLAIN_HTTP_PRODUCTION  # noqa: E402

USERS = 50
SECONDS = 60
RESTART_AT = 25
KILL_AT = 42
WORKERS = ["soak-worker-1", "soak-worker-2"]
RESULTS = ROOT / "bench" / "results" / "issue14-soak.txt"


def production_like(workdir: Path, database_url: str) -> dict:
    return {
        **PLAIN_HTTP_PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "bench.soak.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "emails"),
        "EXPORTS_DIR": str(workdir / "exports"),
        "SOAK_STATIC_ROOT": str(workdir / "static"),
        "DATABASE_URL": database_url,
    }


class Teardown:
    """Stops what the run started, once, however it ends: normally, on an exception, on
    SIGTERM or Ctrl-C, or at interpreter exit."""

    def __init__(self):
        self.steps = []
        atexit.register(self)
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(number, self.on_signal)

    def on_signal(self, number, frame):
        raise SystemExit(f"stopped by signal {number}")

    def add(self, step) -> None:
        self.steps.append(step)

    def __call__(self) -> None:
        while self.steps:
            step = self.steps.pop()
            try:
                step()
            except Exception as error:  # noqa: BLE001 (the other steps must still run)
                print(f"teardown: {error}", file=sys.stderr)


def progress(began: float, text: str) -> None:
    print(f"[{time.monotonic() - began:5.0f} s] {text}", file=sys.stderr, flush=True)


def say(lines: list[str], line: str = "") -> None:
    print(line, flush=True)
    lines.append(line)


def main() -> None:
    teardown = Teardown()
    workdir = Path(tempfile.mkdtemp(prefix="mentoring-soak-"))
    teardown.add(lambda: shutil.rmtree(workdir, ignore_errors=True))
    try:
        soak(workdir, teardown)
    finally:
        teardown()


def soak(workdir: Path, teardown: Teardown) -> None:
    from bench.serving import free_port
    from bench.soak.cluster import Cluster

    began = time.monotonic()
    cluster = Cluster(workdir, free_port())
    teardown.add(cluster.stop)
    cluster.create()
    cluster.start()
    progress(began, f"PostgreSQL {cluster.version()} on port {cluster.port}")
    os.environ.update(production_like(workdir, cluster.url))
    (workdir / "emails").mkdir()

    import django

    django.setup()
    from django.core.management import call_command

    from bench.soak import checks, processes, report
    from bench.soak.data import create_members
    from bench.soak.users import Browser, VirtualUser, run_users

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    progress(began, "migrated")
    members = create_members(USERS)
    progress(began, f"{len(members)} pairs made")
    checks.fresh_connection()

    children = processes.Children(workdir, dict(os.environ))
    teardown.add(children.stop_all)
    node_ports = [free_port(), free_port()]
    names = {str(port): f"node {n}" for n, port in enumerate(node_ports, start=1)}
    use_nginx = processes.nginx_binary() and os.environ.get("SOAK_MODE") != "alternating"
    if use_nginx:
        # nginx passes the client's address on; the nodes trust that one proxy.
        children.env["TRUSTED_PROXY_COUNT"] = "1"
    for n, port in enumerate(node_ports, start=1):
        processes.start_node(children, f"node {n}", port)
    worker_name, _ = processes.worker_command()
    for worker_id in WORKERS:
        processes.start_worker(children, worker_id)
    if use_nginx:
        front = free_port()
        sources = processes.start_nginx(children, workdir, front, node_ports)
        mode = f"nginx in front of both nodes ({sources})"
        ports = [front]
    else:
        mode = (
            "alternating clients: no nginx here, each user's requests alternate between the nodes"
        )
        ports = node_ports
    for port in ports + node_ports:
        processes.wait_until_up(port, children, list(children.running))
    setup_seconds = time.monotonic() - began
    progress(began, f"up: {mode}")

    hits: list = []
    t0 = time.monotonic()
    users = [
        VirtualUser(member, Browser(member.number, ports, names), hits, t0, seed=member.number)
        for member in members
    ]
    load = threading.Thread(target=run_users, args=(users, t0 + SECONDS))
    load.start()
    time.sleep(max(0, t0 + RESTART_AT - time.monotonic()))
    went_down, came_back = (moment - t0 for moment in cluster.restart())
    time.sleep(max(0, t0 + KILL_AT - time.monotonic()))
    progress(began, f"database restarted: down at {went_down:.2f} s, back at {came_back:.2f} s")
    batch = checks.queue_kill_batch(members)
    killed = checks.running_task_of(WORKERS[0])
    if killed:
        children.kill(WORKERS[0])
        time.sleep(1)
        processes.start_worker(children, WORKERS[0])
    progress(
        began, f"kill batch queued; worker killed while running {killed[0] if killed else None}"
    )
    load.join()
    progress(began, f"load done: {len(hits)} requests")
    load_seconds = time.monotonic() - t0
    left = checks.wait_for_queue()
    progress(began, f"queue drained ({left} left)")

    lost, unacknowledged_saved = checks.lost_writes(hits, [m.pair for m in members])
    meeting_writes = [hit for hit in hits if hit.kind == "meeting"]
    saved = checks.saved_text([m.pair for m in members])["meeting"]
    expected = [hit.token for hit in meeting_writes if hit.token in saved]
    counts = checks.email_counts(workdir / "emails", expected + batch)
    outage_tokens = [
        hit.token
        for hit in meeting_writes
        if hit.acknowledged and went_down - 2 <= hit.start <= came_back + report.RECOVERY_TARGET
    ]

    figures = report.summary(hits, went_down, came_back)
    lines: list[str] = []
    say(lines, "Faults, tested (issue 14): make soak (bench/soak/run.py)")
    say(
        lines,
        f"  machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    )
    say(lines, f"  mode: {mode}")
    say(
        lines,
        f"  2 gunicorn nodes x 2 sync workers; 2 task workers (manage.py {worker_name}); "
        f"PostgreSQL {cluster.version()} of its own on port {cluster.port}",
    )
    say(
        lines,
        f"  {USERS} virtual users for {SECONDS} s (load ran {load_seconds:.0f} s), "
        f"setup {setup_seconds:.0f} s",
    )
    say(lines)
    for line in report.lines(
        figures, report.buckets(hits, went_down, came_back), went_down, came_back, len(lost)
    ):
        say(lines, line)
    for line in report.details(hits, lost, unacknowledged_saved):
        say(lines, line)
    say(lines)
    say(lines, report.email_line("Meeting emails (one per meeting saved)", expected, counts))
    say(lines, report.email_line("  of them queued around the outage", outage_tokens, counts))
    say(lines, f"Tasks left in the queue after waiting: {left}")
    if killed:
        task_id, place, message_id = killed
        say(
            lines,
            f"Worker SIGKILL at {KILL_AT} s while running task {task_id} of a batch of "
            f"{len(batch)} emails, restarted with the same id: that task is now "
            f"{checks.task_outcome(task_id, message_id)}; its email sent {counts[place]} time(s) "
            f"(target 1: {report.verdict(counts[place] == 1)})",
        )
        say(lines, report.email_line("  the batch's emails", batch, counts))
    else:
        say(
            lines,
            f"Worker SIGKILL: {WORKERS[0]} ran none of the batch of {len(batch)} "
            "before it drained; not killed",
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"Written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
