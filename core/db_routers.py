"""Send reads to the read replica when one is configured (DATABASE_REPLICA_URL).

A replica lags the primary a little, so some reads must not go there:

- the task queue (the worker locks rows with ``select_for_update``), sessions, and
  everything inside a transaction (services that write, row locks) use the primary;
- for ``DATABASE_REPLICA_PIN_SECONDS`` after a person writes (any POST), a cookie sends
  their reads to the primary, so they see their own changes (and stay signed in);
- the page cache renders the pages it stores from the primary (``primary_reads``), so a
  page is never cached from a copy older than the content version it is stored under.
"""

import contextlib
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections

PRIMARY_APPS = {"django_tasks_database", "sessions"}  # app labels
PIN_COOKIE = "primary"

_primary_reads: ContextVar[bool] = ContextVar("primary_reads", default=False)


@contextlib.contextmanager
def primary_reads():
    """Within the block, every read goes to the primary."""
    token = _primary_reads.set(True)
    try:
        yield
    finally:
        _primary_reads.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            model._meta.app_label in PRIMARY_APPS
            or _primary_reads.get()
            or connections["default"].in_atomic_block
        ):
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryAfterWriteMiddleware:
    """Read-your-writes: a request that may write sets a short-lived cookie; while a
    browser carries it, its reads go to the primary. Settings install it with a replica
    and set ``DATABASE_REPLICA_PIN_SECONDS``."""

    def __init__(self, get_response):
        self.seconds = int(getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", 0) or 0)
        if not self.seconds:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
        if writes or PIN_COOKIE in request.COOKIES:
            with primary_reads():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if writes:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=self.seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
