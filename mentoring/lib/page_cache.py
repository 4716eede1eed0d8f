"""Parts of pages kept in the shared cache until the database changes: `cached_part`.

A part's key holds the data's generation, a random token kept in the shared cache that changes
after every write Django sends to the database (ORM saves and deletes, `QuerySet.update()`,
bulk writes, raw SQL through a cursor), once its transaction has committed and before the
request that wrote answers. Any write therefore makes every part cached before it unreachable,
on every node: nobody is shown a part older than the last write, theirs or anyone's. Coarse on
purpose: which rows a part was built from is not known here, so every write counts. A random
token, not a counter, because the cache's increment is not atomic and a counter could come back
to a value parts were cached under.

Writes to the tables no cached part reads are not watched (`PAGE_CACHE_UNWATCHED_MODELS` and
every database cache table): a worker's heartbeat every 10 s or a session's save would
otherwise empty the cache. tests/test_page_cache.py checks that the cached pages read none of
them.

The key also holds whatever else a part depends on: the viewer, the page's own `vary` values,
the time zone and language, and the minute, because parts say what is due today or coming up; a
part lives a minute at most. Its forms' CSRF tokens are not kept: a part is rendered with
`CSRF_PLACEHOLDER` for the token, and the request's own token takes its place on the way out.
Writes made outside Django (psql) are not seen: they show within that minute.
"""

import contextvars
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.backends.signals import connection_created
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CACHE_ALIAS = "pages"
# Stands for the request's CSRF token in a cached part. Typed text is escaped and cannot hold
# a NUL; were it to, it would only ever show the reader their own token.
CSRF_PLACEHOLDER = "\x00page-cache-csrf-token\x00"
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)', re.I
)
_SCHEMA_CHANGE = re.compile(r"\s*(?:ALTER|CREATE|DROP|TRUNCATE)\b", re.I)

_unwatched_tables: frozenset[str] = frozenset()
_watching = False
_changing_generation = contextvars.ContextVar("changing_generation", default=False)


def generation() -> str:
    token = caches[CACHE_ALIAS].get(GENERATION_KEY)
    if token is None:
        # Evicted, or the first read: any new token is safe, since no part was cached under it.
        caches[CACHE_ALIAS].add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = caches[CACHE_ALIAS].get(GENERATION_KEY)
    return token


def new_generation() -> None:
    # The cache may be a table no setting names as unwatched (settings changed in a test):
    # its own write must not ask for another generation.
    token = _changing_generation.set(True)
    try:
        caches[CACHE_ALIAS].set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except DatabaseError as error:
        # The cache lives in the database: when it cannot be written, nor can it be read (a
        # database going away, or `migrate` on a new one before `createcachetable`), and what
        # it still holds is gone within the minute. Not worth a warning at every migration.
        logger.debug("The page cache's generation could not be changed: %s", error)
    finally:
        _changing_generation.reset(token)


def _is_watched_write(sql) -> bool:
    sql = str(sql)
    written = _WRITE.match(sql)
    if written:
        return written.group(1) not in _unwatched_tables
    return bool(_SCHEMA_CHANGE.match(sql))


def new_generation_after_commit(db) -> None:
    if db.in_atomic_block:
        open_savepoints = set(db.savepoint_ids)
        # Once per transaction; again inside a savepoint that could roll back without it.
        if any(
            func is new_generation and savepoints <= open_savepoints
            for savepoints, func, _robust in db.run_on_commit
        ):
            return
    db.on_commit(new_generation)


def watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not _changing_generation.get() and _is_watched_write(sql):
        new_generation_after_commit(context["connection"])
    return result


def _watch_connection(sender, connection, **kwargs) -> None:
    # The signal comes on every reconnection of the same wrapper, whose list persists.
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def start_watching() -> None:
    """From an `AppConfig.ready()`: until it runs, `cached_part` caches nothing."""
    global _unwatched_tables, _watching
    cache_tables = {
        config["LOCATION"]
        for config in settings.CACHES.values()
        if config["BACKEND"].endswith("DatabaseCache")
    }
    unwatched = settings.PAGE_CACHE_UNWATCHED_MODELS
    models = {apps.get_model(label)._meta.db_table for label in unwatched}
    _unwatched_tables = frozenset(cache_tables | models)
    connection_created.connect(_watch_connection, dispatch_uid="page-cache-watch")
    if connection.connection is not None:
        _watch_connection(None, connection)
    _watching = True


def cached_part(request, *, name: str, vary: tuple = (), render: Callable[[], str]) -> SafeString:
    """`render()`'s HTML for this viewer, from the cache when nothing changed since it was made.

    `render` must read only the database, the viewer and `vary`: nothing else of the request.
    """
    if not (_watching and settings.PAGE_CACHE_SECONDS):
        return mark_safe(render())
    facts = (
        generation(),
        name,
        request.user.pk,
        *vary,
        timezone.get_current_timezone_name(),
        translation.get_language(),
        int(time.time() // 60),
    )
    key = "page-cache:part:" + hashlib.sha256(repr(facts).encode()).hexdigest()
    html = caches[CACHE_ALIAS].get(key)
    if html is None:
        html = render()
        caches[CACHE_ALIAS].set(key, html, timeout=settings.PAGE_CACHE_SECONDS)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)


def render_part(request, template_name: str, *, vary: tuple = (), context: Callable[[], dict]):
    """`template_name` rendered with `context()`, through `cached_part`: `context` is called
    only when the part is not in the cache."""
    return cached_part(
        request,
        name=template_name,
        vary=vary,
        render=lambda: render_to_string(
            template_name, context() | {"csrf_token": CSRF_PLACEHOLDER}, request
        ),
    )
