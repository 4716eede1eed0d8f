"""Parts of pages kept in the shared cache until the database changes: `cached_part`.

A part's key holds the data's generation, a random token kept in the shared cache that changes
after every write Django sends to the database (ORM saves and deletes, `QuerySet.update()`,
bulk writes, raw SQL through a cursor), once its transaction has committed and before the
request that wrote answers. Any write therefore makes every part cached before it unreachable,
on every node: nobody is shown a part older than the last write, theirs or anyone's. Coarse on
purpose: which rows a part was built from is not known here, so every write counts. A random
token, not a counter, because the cache's increment is not atomic and a counter could come back
to a value parts were cached under.

Writes to the tables no cached part reads are not watched (`PAGE_CACHE_UNWATCHED_MODELS`): a
worker's heartbeat every 10 s or a session's save would otherwise empty the cache;
tests/test_page_cache.py checks that the cached pages read none of them. Nor are the database
cache tables: the dashboard's part shows the charts kept there, which say how old they are.

The key also holds whatever else a part depends on: the viewer, the page's own `vary` values,
the time zone and language, and the minute, because parts say what is due today or coming up; a
part lives a minute at most. Its forms' CSRF tokens are not kept: a part is rendered with
`CSRF_PLACEHOLDER` for the token, and the request's own token takes its place on the way out.
Writes made outside Django (psql) are not seen: they show within that minute.

Parts hold people's pages, so they do not linger: the task workers delete expired ones every
minute (`purge_expired`; the database cache itself deletes them only when full), and deleting an
account or a pair's writing deletes them all (`forget_all`).
"""

import contextvars
import datetime
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router
from django.db.backends.signals import connection_created
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CACHE_ALIAS = "pages"
# Stands for the request's CSRF token in a part. Forms refuse a NUL in typed text; were one to
# get through, it would only ever show the reader their own token.
CSRF_PLACEHOLDER = "\x00page-cache-csrf-token\x00"
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?(\w+)', re.I
)
_SCHEMA_CHANGE = re.compile(r"\s*(?:ALTER|CREATE|DROP|TRUNCATE)\b", re.I)

_unwatched_tables: frozenset[str] = frozenset()
_watching = False
_changing_generation = contextvars.ContextVar("changing_generation", default=False)


def generation() -> str | None:
    """The current token, or None when the cache could not keep one (nothing is cached then)."""
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
        # The database going away, or `migrate` on a new one before `createcachetable`: what
        # the cache still holds is gone within the minute. Not worth a warning at every
        # migration of a first install.
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
    db.on_commit(new_generation, robust=True)


def watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not _changing_generation.get() and _is_watched_write(sql):
        new_generation_after_commit(context["connection"])
    return result


def _watch_connection(sender, connection, **kwargs) -> None:
    # The signal comes on every reconnection of the same wrapper, whose list persists. First
    # in the list: `connection.execute_wrapper()` blocks push and pop at its end.
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_writes)


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
    for opened in connections.all(initialized_only=True):
        if opened.connection is not None:
            _watch_connection(None, opened)
    _watching = True


def cached_part(request, *, name: str, vary: tuple = (), render: Callable[[], str]) -> SafeString:
    """`render()`'s HTML for this viewer, from the cache when nothing changed since it was made.

    `render` must read only the database, the viewer and `vary`: nothing else of the request.
    """
    token = generation() if _watching and settings.PAGE_CACHE_SECONDS else None
    html = render() if token is None else _kept(token, name, request, vary, render)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)


def _kept(token: str, name: str, request, vary: tuple, render: Callable[[], str]) -> str:
    facts = (
        token,
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
    return html


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


def purge_expired() -> int:
    """Delete the parts whose time has passed; how many. The database cache deletes expired
    rows only when it holds more than MAX_ENTRIES, and these rows hold people's pages."""
    pages = caches[CACHE_ALIAS]
    if not isinstance(pages, DatabaseCache):
        return 0  # a memory cache forgets with its process
    db = connections[router.db_for_write(pages.cache_model_class)]
    now = datetime.datetime.now(datetime.UTC) if settings.USE_TZ else datetime.datetime.now()
    table = db.ops.quote_name(settings.CACHES[CACHE_ALIAS]["LOCATION"])
    expires = db.ops.quote_name("expires")
    with db.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {expires} < %s", [db.ops.adapt_datetimefield_value(now)]
        )
        return cursor.rowcount


def forget_all() -> None:
    """Delete every kept part at once: after deleting an account or a pair's writing."""
    caches[CACHE_ALIAS].clear()
