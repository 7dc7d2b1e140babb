"""Whole-page caching for anonymous visitors, invalidated whenever content changes.

Every save or delete of a model in the content apps bumps one "content version"; cached
pages are keyed by that version, so an edit shows up on the next request, on every app
server that shares the cache. Signed-in people, pages with a pending message and
responses that set a cookie are never cached.
"""

import functools
import hashlib

from django.core.cache import cache
from django.utils.translation import get_language

from .db_routers import primary_reads

CONTENT_APPS = {"members", "events", "practices"}
VERSION_KEY = "content-version"
PAGE_TIMEOUT = 10 * 60


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def content_changed(**kwargs) -> None:
    """Invalidate every cached page. Connected to model signals of the content apps;
    call it directly after queryset.update() or bulk writes, which send no signals."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _has_pending_messages(request) -> bool:
    if "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(
        session is not None and request.COOKIES.get("sessionid") and session.get("_messages")
    )


def cache_for_anonymous(view=None, *, timeout: int = PAGE_TIMEOUT):
    """Decorate a view (function, or ``as_view()`` result) to cache its 200 responses
    for anonymous GET requests."""

    def decorator(view_func):
        @functools.wraps(view_func)
        def wrapped(request, *args, **kwargs):
            if (
                request.method not in ("GET", "HEAD")
                or request.user.is_authenticated
                or _has_pending_messages(request)
            ):
                return view_func(request, *args, **kwargs)
            digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
            # Views wrapped in gzip_page answer differently by Accept-Encoding.
            encoding = "gz" if "gzip" in request.headers.get("Accept-Encoding", "") else "id"
            key = f"page:{content_version()}:{get_language()}:{encoding}:{digest}"
            response = cache.get(key)
            if response is not None:
                return response
            # A page about to be stored is read from the primary, never a lagging replica.
            with primary_reads():
                response = view_func(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                cache.set(key, response, timeout)
            return response

        return wrapped

    return decorator(view) if view is not None else decorator


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_models():
        if model._meta.app_label in CONTENT_APPS:
            post_save.connect(
                content_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-s"
            )
            post_delete.connect(
                content_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-d"
            )
    m2m_changed.connect(content_changed, dispatch_uid="cache-m2m")
