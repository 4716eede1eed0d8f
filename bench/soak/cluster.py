"""A throwaway PostgreSQL cluster on a port of its own, so restarting it never touches the
machine's PostgreSQL on 5432, which CI and other people use.

initdb and postgres refuse to run as root: as root, every command runs as the `postgres` user
(runuser) in a directory it owns.
"""

import glob
import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path


def postgres_bindir() -> Path:
    try:
        found = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if (Path(found) / "initdb").exists():
            return Path(found)
    except (OSError, subprocess.CalledProcessError):
        pass
    # Debian's pg_config (libpq-dev) names a directory without the server's binaries.
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if not candidates:
        raise SystemExit("PostgreSQL's server binaries (initdb, pg_ctl) are not installed.")
    return Path(candidates[0]).parent


class Cluster:
    def __init__(self, workdir: Path, port: int):
        self.bindir = postgres_bindir()
        self.root = workdir / "postgres"
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log = self.root / "postgres.log"
        self.port = port
        self.as_root = os.geteuid() == 0
        self.started = False

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/soak"

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run(
            [*prefix, *command], capture_output=True, text=True, check=check, cwd="/"
        )

    def _pg_ctl(self, action: str, *extra: str) -> None:
        """pg_ctl, its output not captured: the server it starts would hold the pipe open,
        and a wait for its end would last as long as the server."""
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c max_connections=100"
        )
        command = [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options]
        status = subprocess.run(
            [*prefix, *command, "-l", str(self.log), "-w", action, *extra],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd="/",
        ).returncode
        if status:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise SystemExit(f"pg_ctl {action} failed ({status}):\n{tail}")

    def create(self) -> None:
        self.socket_dir.mkdir(parents=True)
        if self.as_root:
            account = pwd.getpwnam("postgres")
            # The directories above must let the postgres user through to its own.
            for path in (self.root.parent, self.root, self.socket_dir):
                os.chmod(path, 0o755 if path == self.root.parent else 0o700)
            for path in (self.root, self.socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)
        self._run(
            str(self.bindir / "initdb"),
            f"--pgdata={self.data}",
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-instructions",
        )

    def start(self) -> None:
        self.started = True
        self._pg_ctl("start")
        self._run(str(self.bindir / "createdb"), *self._client_args(), "soak")

    def restart(self) -> tuple[float, float]:
        """Restart with a fast shutdown (open connections are cut, as in a failover); the
        moments (time.monotonic) it went down and answered again."""
        went_down = time.monotonic()
        self._pg_ctl("restart", "-m", "fast")
        while self._run(
            str(self.bindir / "pg_isready"), *self._client_args(), check=False
        ).returncode:
            time.sleep(0.02)
        return went_down, time.monotonic()

    def stop(self) -> None:
        if self.started:
            self.started = False
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)

    def version(self) -> str:
        return self._run(str(self.bindir / "postgres"), "--version").stdout.split()[2]

    def _client_args(self) -> list[str]:
        return ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
