"""Trainers' reports read from a PostgreSQL replica when there is one.

With `DATABASE_REPLICA_URL` set, the settings add a second database alias, `replica`,
and install `ReplicaRouter`. The router sends a read to the replica only inside
`reading_from_replica()`, which the report views enter (`reads_from_replica` on a
view): a report that scans every participant's attempts then costs the replica, not
the database the participants write to. Everything else reads and writes the
primary (`default`): participant pages, every write, every transaction, accounts,
permissions, sessions and the database cache, the Wagtail admin's editing.

A replica lags the primary by a moment (usually well under a second, seconds under
load), so only pages that show figures and write nothing read from it: never a view
that writes, nor one a trainer lands on right after a write to see its result.

Without `DATABASE_REPLICA_URL` there is no `replica` alias and no router: the
context changes nothing.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# Read from the primary also inside the context: what decides who may see a report
# (accounts, groups, permissions), sessions and cache entries.
PRIMARY_APPS = {"auth", "sessions", "django_cache", "wagtailusers"}

_reading = contextvars.ContextVar("academy_reading_from_replica", default=False)


@contextmanager
def reading_from_replica():
    """Reads inside go to the replica, if there is one (see ReplicaRouter)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def has_replica():
    return REPLICA in connections.settings


def while_reading_from_replica(iterable):
    """Iterate `iterable` reading from the replica: for a streamed response, whose
    rows are read from the database after the view has returned. The context is
    entered for each item and left before it is handed on, so whoever consumes the
    items (the server, a test) reads from the primary between them."""
    iterator = iter(iterable)
    while True:
        with reading_from_replica():
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item


def reads_from_replica(view):
    """A report view (GET or HEAD) reads from the replica: while it runs, while its
    template is rendered and while its streamed export is sent. Other methods, and
    every view without a replica configured, run as they are."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not has_replica():
            return view(request, *args, **kwargs)
        # Who is asking (the session, the account) comes from the primary.
        request.user.is_authenticated  # noqa: B018
        with reading_from_replica():
            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):
                response = response.render()  # a TemplateResponse renders lazily
        if response.streaming and not response.is_async:
            response.streaming_content = while_reading_from_replica(
                response.streaming_content
            )
        return response

    return wrapper


class ReplicaRouter:
    """Reads inside `reading_from_replica()` go to the replica; everything else, and
    every write, to the primary. Migrations run on the primary only (the replica
    copies them)."""

    def db_for_read(self, model, **hints):
        if (
            _reading.get()
            and has_replica()
            # Inside a transaction the reads go with its writes: fresh, not lagging.
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
            and model._meta.app_label not in PRIMARY_APPS
            and model._meta.label != settings.AUTH_USER_MODEL
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        databases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
