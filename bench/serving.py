"""Servers started by `make bench` and `make soak`: a free loopback port, and waiting until
one answers. Imports nothing of Django, so either may use it before Django is set up."""

import socket
import time
import urllib.request
from collections.abc import Callable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(
    url: str, *, stopped: Callable[[], str | None], seconds: int = 60
) -> bool:
    """Ask `url` until it answers (True) or `seconds` pass (False). `stopped` names what ended
    before answering, if anything did: then the wait ends with SystemExit saying so."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if reason := stopped():
            raise SystemExit(reason)
        try:
            with urllib.request.urlopen(url, timeout=5):
                return True
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.2)
    return False
