"""The environment `make bench` runs Django in: production's settings, with plain HTTP.

`configure(workdir)` must run before `django.setup()`. Settings are production's (DEBUG off, a
random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1) with plain HTTP allowed (no HTTPS redirect, no
secure cookies, no HSTS) and the URLconf of bench/urls.py, which adds a bare view. Without
DATABASE_URL, a SQLite file in `workdir`.
"""

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Production's settings but for plain HTTP: the load generators speak it to 127.0.0.1, so no
# redirect to HTTPS, cookies that travel over HTTP, no HSTS. Coordinators sign in without a
# second factor (the check costs no query once passed). bench/soak/run.py starts from it too.
PLAIN_HTTP_PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SITE_URL": "http://127.0.0.1",
    "REQUIRE_TWO_FACTOR": "0",
}


def configure(workdir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            **PLAIN_HTTP_PRODUCTION,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "ERROR",
            "BENCH_STATIC_ROOT": str(workdir / "static"),
        }
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
