"""The deployment recipe in deploy/ agrees with the app it deploys.

Read as files: no unit is started, nothing listens, nothing needs root or the network.
"""

import ast
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from django.core.management import get_commands

from mentoring.branding import logos
from mentoring.enrolment.csv_import import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
ONESHOTS = [unit for unit in UNITS if "Type=oneshot" in unit.read_text()]
INSTALLED_CHECKOUT = "/srv/mentoring/"
ENV_HELPERS = {"env_bool", "env_int", "env_list", "env_json_list"}


def names_read_from_environment(path: Path) -> set[str]:
    """The names passed to os.environ.get / os.getenv / os.environ[...] / env_<type>()."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            func = ast.unparse(node.func)
            if (func in {"os.environ.get", "os.getenv"} or func in ENV_HELPERS) and node.args:
                names.add(node.args[0])
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            names.add(node.slice)
    return {name.value for name in names if isinstance(name, ast.Constant)}


def env_example(*, with_unset: bool = False) -> dict[str, str]:
    """Its variables with their values unquoted; `#NAME=value` lines are the unset ones."""
    variables = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if match := re.fullmatch(r"(#?)([A-Z][A-Z0-9_]*)=(.*)", line):
            unset, name, value = match.groups()
            if with_unset or not unset:
                variables[name] = shlex.split(value)[0] if value else ""
    return variables


def unit_directives(path: Path, key: str) -> list[str]:
    return [
        line.split("=", 1)[1]
        for line in path.read_text().splitlines()
        if line.startswith(f"{key}=")
    ]


def manage_command(command_line: str) -> list[str]:
    """`.../python manage.py send_reminders --x` or `.../deploy/manage send_reminders --x`."""
    words = shlex.split(command_line)
    marker = next(i for i, word in enumerate(words) if word.endswith(("manage.py", "/manage")))
    return words[marker + 1 :]


def cron_commands() -> list[str]:
    return [
        command
        for line in (DEPLOY / "crontab").read_text().splitlines()
        if line and not line.startswith("#")
        for command in line.split("&&")
    ]


def hardening(path: Path) -> str:
    text = path.read_text()
    start = text.index("# Hardening")
    end = text.find("\n[", start)
    return text[start : end if end != -1 else None].strip()


def nginx_directives(name: str) -> list[str]:
    return [
        line.strip().removesuffix(";")
        for path in sorted((DEPLOY / "nginx").glob("*.conf"))
        for line in path.read_text().splitlines()
        if line.strip().startswith(f"{name} ")
    ]


def test_it_lists_every_variable_the_app_reads_and_no_other():
    settings_source = (ROOT / "mentoring" / "settings.py").read_text()
    # dj_database_url reads DATABASE_URL itself.
    assert "dj_database_url.config(" in settings_source
    read = (
        names_read_from_environment(ROOT / "mentoring" / "settings.py")
        | names_read_from_environment(DEPLOY / "gunicorn.conf.py")
        | {"DATABASE_URL"}
    )

    listed = set(env_example(with_unset=True))

    assert sorted(read - listed) == [], "read by the app but missing from deploy/env.example"
    assert sorted(listed - read) == [], "in deploy/env.example but read by nothing"


def test_it_passes_the_deploy_checks_with_the_example_values(tmp_path):
    environment = env_example()
    environment.update(
        PATH=os.environ["PATH"],
        HOME=str(tmp_path),
        # The example leaves the key for the operator to make; a throwaway database file keeps
        # the check off the network.
        SECRET_KEY="k" * 20 + "-unique-enough-for-the-deploy-check-" + "q" * 20,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert checked.returncode == 0, checked.stderr


def test_it_runs_only_management_commands_that_exist():
    commands = get_commands()
    units = [
        command
        for unit in UNITS
        for command in unit_directives(unit, "ExecStart")
        if "manage.py" in command
    ]

    for command_line in units + cron_commands():
        name = manage_command(command_line)[0]
        assert name in commands, f"no manage.py {name} (in {command_line!r})"


def test_it_runs_the_same_housekeeping_from_cron_as_from_the_timers():
    timers = {
        tuple(manage_command(command))
        for unit in ONESHOTS
        for command in unit_directives(unit, "ExecStart")
    }
    cron = {tuple(manage_command(command)) for command in cron_commands()}

    assert cron == timers
    assert all(unit.with_suffix(".timer").exists() for unit in ONESHOTS)


def test_it_starts_the_same_processes_from_the_procfile_as_from_the_units():
    procfile = dict(line.split(": ", 1) for line in (DEPLOY / "Procfile").read_text().splitlines())
    (web_unit,) = unit_directives(DEPLOY / "systemd" / "mentoring-web@.service", "ExecStart")
    (worker_unit,) = unit_directives(DEPLOY / "systemd" / "mentoring-worker@.service", "ExecStart")

    def gunicorn_arguments(command_line: str) -> list[str]:
        words = shlex.split(command_line.replace(INSTALLED_CHECKOUT, ""))
        bind = words.index("--bind")
        return [Path(words[0]).name] + words[1:bind] + words[bind + 2 :]

    assert gunicorn_arguments(procfile["web"]) == gunicorn_arguments(web_unit)
    assert (DEPLOY / "gunicorn.conf.py").exists()
    assert manage_command(procfile["worker"])[0] == manage_command(worker_unit)[0]
    assert "migrate" in procfile["release"]
    assert "createcachetable" in procfile["release"]


def test_it_hardens_every_unit_alike_with_the_exports_directory_writable():
    (first, *others) = [hardening(unit) for unit in UNITS]

    assert all(other == first for other in others)
    for unit in UNITS:
        assert unit_directives(unit, "ReadWritePaths") == [env_example()["EXPORTS_DIR"]]
        assert unit_directives(unit, "EnvironmentFile") == ["/etc/mentoring/env"]
        assert unit_directives(unit, "User") == ["mentoring"]


def test_it_never_sends_a_request_to_a_second_node_once_the_first_may_have_acted_on_it():
    retries = nginx_directives("proxy_next_upstream")

    assert retries
    for directive in retries:
        assert "non_idempotent" not in directive
        # The app's 503 means the shared database is away: counted against each node in turn,
        # it would mark them all failed and nginx would answer 502 to everyone.
        assert "http_503" not in directive


def test_it_passes_the_headers_the_app_trusts_and_accepts_its_largest_upload():
    proxy_header = env_example()["SECURE_PROXY_SSL_HEADER"]
    (body_limit,) = nginx_directives("client_max_body_size")
    megabytes = int(body_limit.split()[1].removesuffix("m"))

    assert f"proxy_set_header {proxy_header} $scheme" in nginx_directives("proxy_set_header")
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for" in nginx_directives(
        "proxy_set_header"
    )
    assert env_example()["TRUSTED_PROXY_COUNT"] == "1"
    assert megabytes * 1024 * 1024 > max(MAX_FILE_BYTES, logos.MAX_BYTES)
    assert proxy_header.upper() in (DEPLOY / "gunicorn.conf.py").read_text()


def test_it_names_each_upstream_node_on_one_line_with_its_port():
    servers = [server for server in nginx_directives("server") if server != "server {"]

    assert servers == [
        "server 127.0.0.1:8001 max_fails=3 fail_timeout=10s",
        "server 127.0.0.1:8002 max_fails=3 fail_timeout=10s",
    ]
