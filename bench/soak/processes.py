"""The system under test: two gunicorn nodes, two task workers and, when installed, nginx in
front; each a child process stopped at the end however the run ends."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.core.management import get_commands

from bench.serving import wait_until_answering

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY_NGINX = ROOT / "deploy" / "nginx"


class Children:
    """Child processes by name, each with its log file in the work directory."""

    def __init__(self, workdir: Path, env: dict):
        self.workdir = workdir
        self.env = env
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 (the child writes it)
        process = subprocess.Popen(
            command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self.running[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL: no chance to tidy up, as when a machine loses power or the OOM killer acts."""
        process = self.running.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 15
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.running.clear()

    def log_tail(self, name: str, lines: int = 20) -> str:
        path = self.workdir / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def start_node(children: Children, name: str, port: int) -> None:
    children.start(
        name,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mentoring.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--worker-class=sync",
            "--timeout=30",
            "--log-level=warning",
            f"--chdir={ROOT}",
        ],
    )


def wait_until_up(port: int, children: Children, names: list[str]) -> None:
    def stopped():
        for name in names:
            if children.running[name].poll() is not None:
                return f"{name} stopped:\n{children.log_tail(name)}"
        return None

    if not wait_until_answering(f"http://127.0.0.1:{port}/accounts/login/", stopped=stopped):
        logs = "\n".join(f"--- {name}:\n{children.log_tail(name)}" for name in names)
        raise SystemExit(f"nothing answered on port {port} within 60 s\n{logs}")


def worker_command() -> tuple[str, list[str]]:
    """`run_worker` (a restarted worker takes its own running tasks back) when the project
    has it; django-tasks-db's `db_worker` otherwise."""
    name = "run_worker" if "run_worker" in get_commands() else "db_worker"
    return name, [sys.executable, "manage.py", name, "--interval=0.5"]


def start_worker(children: Children, worker_id: str) -> None:
    _, command = worker_command()
    children.start(worker_id, [*command, f"--worker-id={worker_id}"])


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(path).exists()),
        None,
    )


OWN_LOCATIONS = """
    location / {
        proxy_pass http://mentoring;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_next_upstream error timeout http_502;
        proxy_read_timeout 30s;
    }
"""


def nginx_config(workdir: Path, listen: int, upstream_ports: list[int]) -> tuple[str, str]:
    """The configuration text, and where its parts came from (for the report)."""
    servers = [f"127.0.0.1:{port}" for port in upstream_ports]
    recipe = DEPLOY_NGINX / "mentoring.conf"
    locations = DEPLOY_NGINX / "mentoring-proxy.conf"
    upstream_name, upstream_params = "mentoring", "max_fails=1 fail_timeout=5s"
    sources = []
    extra_upstream = ""
    if recipe.exists():
        found = re.search(r"upstream\s+(\S+)\s*\{(.*?)\}", recipe.read_text(), re.S)
        if found:
            upstream_name = found.group(1)
            body = found.group(2)
            server = re.search(r"^\s*server\s+\S+\s*([^;]*);", body, re.M)
            upstream_params = server.group(1).strip() if server else ""
            extra_upstream = "\n".join(
                f"        {line.strip()}"
                for line in body.splitlines()
                if line.strip() and not line.strip().startswith(("server ", "#"))
            )
            sources.append(f"upstream from {recipe.relative_to(ROOT)}")
    if not sources:
        sources.append("upstream of its own (deploy/nginx/mentoring.conf not there)")
    if locations.exists():
        location_block = f"    include {locations};"
        sources.append(f"locations from {locations.relative_to(ROOT)}")
    else:
        location_block = OWN_LOCATIONS.replace("mentoring;", f"{upstream_name};")
        sources.append("locations of its own (deploy/nginx/mentoring-proxy.conf not there)")
    prefix = workdir / "nginx"
    prefix.mkdir(exist_ok=True)
    upstream_lines = "\n".join(f"        server {s} {upstream_params};" for s in servers)
    user = "user root root;" if os.geteuid() == 0 else ""
    text = f"""
{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream {upstream_name} {{
{upstream_lines}
{extra_upstream}
    }}
    server {{
        listen 127.0.0.1:{listen};
        server_name 127.0.0.1;
        # Which node answered, for the report's "sessions across nodes".
        add_header X-Soak-Upstream $upstream_addr always;
{location_block}
    }}
}}
"""
    return text, "; ".join(sources)


def start_nginx(children: Children, workdir: Path, listen: int, upstream_ports: list[int]) -> str:
    text, sources = nginx_config(workdir, listen, upstream_ports)
    config = workdir / "nginx" / "nginx.conf"
    config.write_text(text)
    binary = nginx_binary()
    test = subprocess.run(
        [binary, "-t", "-p", str(config.parent), "-c", str(config)], capture_output=True, text=True
    )
    if test.returncode:
        raise SystemExit(f"nginx refused the configuration:\n{test.stderr}\n{text}")
    children.start("nginx", [binary, "-p", str(config.parent), "-c", str(config)])
    return sources
