"""The page cache and the fragment cache, invalidated precisely and after commit.

Content is grouped under *tags* ("practices", "members", "event:<slug>", ...). Each tag has a
version number in the shared cache; a write bumps the versions of the tags it touches, after
the transaction commits, and every cached page or fragment is keyed by the versions of the
tags it shows, so an edit shows up on the next request on every app server that shares the
cache, and only the pages that show the changed content are rendered again.

- ``invalidate(*tags)`` bumps tags after commit; ``invalidate_on_change(model, tags)``
  connects a model's save, delete and many-to-many signals to it (apps call it in ``ready``).
  A signal-less bulk write (``queryset.update()``, ``bulk_create``) calls ``content_changed()``,
  which empties everything, or ``invalidate`` with the tags it touched.
- ``cache_page(view, tags=..., params=...)`` caches a view's whole page for anonymous visitors
  (``everyone=True``: for everybody, for feeds and calendars that are the same for all). The key
  holds only the query parameters the page understands, normalised; a request with any other
  parameter, or a value that does not fit, is served without creating an entry. Signed-in
  people (unless ``everyone``), pages with a pending message, responses that set a cookie or
  carry a CSRF token are never stored.
- ``cached_parts(template, names, ...)`` renders the partials of a page that are the same for
  everyone once per version, so signed-in people and cold pages reuse them.
- ``cached_value(name, tags, compute)`` keeps a value that is the same for everyone (figures,
  search results, the count of a filtered list) until one of its tags changes;
  ``CachedCountPaginator`` counts a list's rows that way.
- ``cached_fragments(objects, ...)`` renders one fragment per object (a card, a row, a feed
  entry) through the cache, keyed by the object's own version and the language: one save
  renders one card again, not the site. Nothing per-user may go into a fragment.
"""

import collections
import contextlib
import contextvars
import functools
import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from .db_routers import primary_reads

PAGE_TIMEOUT = 10 * 60
FRAGMENT_TIMEOUT = 24 * 60 * 60
# Every key depends on ALL (bumped by content_changed(), for bulk loads). Pages that do not
# say what they show depend on ANY, which every invalidation bumps.
ALL = "all"
ANY = "any"

# Patterns for the query parameters a page understands (the value must match in full).
SLUG = r"[-a-z0-9_]{1,100}"
NUMBER = r"[0-9]{1,6}"
TEXT = r".{1,200}"


def _tag_key(tag: str) -> str:
    return f"tag:{tag}"


def _fresh_version() -> int:
    # A tag that is recreated (evicted, or a new cache) starts from the clock, so it never
    # repeats a version under which stale entries may still be stored.
    return time.time_ns() // 1000


# The tag versions already read by the current request (see ``versions_snapshot``).
_snapshot: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "cache_tag_versions", default=None
)


@contextlib.contextmanager
def versions_snapshot():
    """Within the block, each tag's version is read from the cache once: a page that reads
    the versions of its count, its fragments and its parts makes one round trip for each
    tag, not one per use (the page cache opens it around GET views). A tag bumped within
    the block is read again: a request sees its own writes."""
    token = _snapshot.set({})
    try:
        yield
    finally:
        _snapshot.reset(token)


def tag_versions(tags: Iterable[str]) -> str:
    """One string of the current versions of ``tags`` (one cache round trip, none for
    the tags already read within a ``versions_snapshot``)."""
    keys = [_tag_key(tag) for tag in tags]
    known = _snapshot.get()
    if known is None:
        known = {}
        found = cache.get_many(keys)
    else:
        missing = [key for key in keys if key not in known]
        found = cache.get_many(missing) if missing else {}
    versions = []
    for key in keys:
        version = known.get(key, found.get(key))
        if version is None:
            cache.add(key, _fresh_version(), timeout=None)
            version = cache.get(key, 0)
        known[key] = version
        versions.append(str(version))
    return ".".join(versions)


def content_version(*tags: str) -> str:
    """The version of everything cached for ``tags`` (all content when none are given)."""
    return tag_versions((ALL, *(tags or (ANY,))))


def _bump(tags: Iterable[str]) -> None:
    known = _snapshot.get() or {}
    for tag in dict.fromkeys(tags):
        key = _tag_key(tag)
        known.pop(key, None)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, _fresh_version(), timeout=None)


def invalidate(*tags: str) -> None:
    """Bump ``tags`` once the current transaction commits (at once outside one)."""
    if tags:
        transaction.on_commit(functools.partial(_bump, (*tags, ANY)))


def invalidate_private(*tags: str) -> None:
    """Bump ``tags`` once the current transaction commits, and nothing else: for tags of
    what only signed-in people see (the rows of a city's own drafts), whose changes must
    not empty the public pages that depend on ANY."""
    if tags:
        transaction.on_commit(functools.partial(_bump, tags))


def content_changed(**kwargs) -> None:
    """Invalidate every cached page and fragment, after commit. For bulk loads and
    ``queryset.update()``, which send no signals."""
    transaction.on_commit(functools.partial(_bump, (ALL, ANY)))


# Model signals -------------------------------------------------------------------------

# Models of these apps that did not say what they touch empty the whole cache when they
# change: a new model is correct before it is precise.
CONTENT_APPS = {"members", "events", "practices"}
_MODEL_TAGS: dict[type, Callable] = {}


def invalidate_on_change(model, tags) -> None:
    """After a save or delete of ``model`` (or a change of a many-to-many ``through`` model),
    invalidate ``tags``: a tuple, or a function of the instance returning the tags (for a
    ``through`` model, the instance on either side). An empty tuple: nothing public."""
    _MODEL_TAGS[model] = tags if callable(tags) else (lambda instance, tags=tuple(tags): tags)


def _changed(sender, instance) -> None:
    tags = _MODEL_TAGS.get(sender)
    if tags is not None:
        invalidate(*tags(instance))
    elif sender._meta.app_label in CONTENT_APPS:
        content_changed()


def _on_change(sender, instance, raw=False, **kwargs) -> None:
    if not raw:  # loaddata: whoever loads fixtures invalidates explicitly
        _changed(sender, instance)


def _on_m2m_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _changed(sender, instance)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_on_change, dispatch_uid="core-cache-save")
    post_delete.connect(_on_change, dispatch_uid="core-cache-delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="core-cache-m2m")


# The page cache -------------------------------------------------------------------------


def _has_pending_messages(request) -> bool:
    if "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(
        session is not None and request.COOKIES.get("sessionid") and session.get("_messages")
    )


def normalised_query(request, params: dict[str, str]) -> str | None:
    """The query string made of the parameters the page understands, sorted, with blank
    values left out; None when the request carries anything else (not cacheable)."""
    items = []
    for name, values in request.GET.lists():
        pattern = params.get(name)
        if pattern is None or len(values) > 1:
            return None
        value = " ".join(values[0].split())
        if not value:
            continue
        if not re.fullmatch(pattern, value):
            return None
        items.append((name, value))
    return urlencode(sorted(items))


def _storable(request, response) -> bool:
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        return False
    # A CSRF token is per person: a page that carries one is never shared.
    return b"csrfmiddlewaretoken" not in response.content


def _page_key(request, query: str, page_tags) -> str:
    # Views wrapped in gzip_page answer differently by Accept-Encoding.
    encoding = "gz" if "gzip" in request.headers.get("Accept-Encoding", "") else "id"
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
    versions = tag_versions((ALL, *page_tags))
    return f"page:{get_language()}:{encoding}:{digest}:{versions}"


def _render_from_primary(view_func, request, *args, **kwargs):
    """The view's response, rendered: a page about to be stored is read from the primary,
    never a lagging replica."""
    with primary_reads():
        response = view_func(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
    return response


def cache_page(
    view=None,
    *,
    tags: Iterable[str] | Callable | None = None,
    params: dict[str, str] | None = None,
    everyone: bool = False,
    ignore_query: bool = False,
    timeout: int = PAGE_TIMEOUT,
):
    """Decorate a view (function, or ``as_view()`` result) to cache its 200 responses to GET.

    ``tags``: what the page shows (a tuple, or a function of the request and the URL's
    keyword arguments); without it, any content change invalidates the page. ``params``: the
    query parameters the page understands, with the pattern each value must match.
    ``everyone``: the page is the same for every person (feeds, calendars), so it is cached
    for signed-in people too. ``ignore_query``: the view reads no query parameter (feeds,
    calendars), so every query string is answered from the one entry of the path."""
    params = params or {}

    def decorator(view_func):
        @functools.wraps(view_func)
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view_func(request, *args, **kwargs)
            with versions_snapshot():
                return cached_view(request, *args, **kwargs)

        def cached_view(request, *args, **kwargs):
            if not everyone and (request.user.is_authenticated or _has_pending_messages(request)):
                return view_func(request, *args, **kwargs)
            query = "" if ignore_query else normalised_query(request, params)
            if query is None:
                return view_func(request, *args, **kwargs)
            page_tags = tags(request, **kwargs) if callable(tags) else (tags or (ANY,))
            key = _page_key(request, query, page_tags)
            response = cache.get(key)
            if response is not None:
                return response
            response = _render_from_primary(view_func, request, *args, **kwargs)
            if _storable(request, response):
                cache.set(key, response, timeout)
            return response

        return wrapped

    return decorator(view) if view is not None else decorator


def cache_for_anonymous(view=None, **kwargs):
    """The page cache for anonymous visitors (see ``cache_page``)."""
    return cache_page(view, **kwargs)


def cache_for_everyone(view=None, **kwargs):
    """The page cache for a page that is the same for every person (see ``cache_page``)."""
    return cache_page(view, everyone=True, **kwargs)


def cache_feed(view=None, **kwargs):
    """The page cache for a feed or a calendar: the same for every person, whatever the
    query string (a reader's cache-buster included), see ``cache_page``."""
    return cache_page(view, everyone=True, ignore_query=True, **kwargs)


# The fragment cache ---------------------------------------------------------------------


class _ProcessValues:
    """The values (and fragments) this process read or computed lately, by their full key
    (which holds the tag versions read from the shared cache for the request, and for a
    fragment its object's version): a page that asks for the same few values on every
    request (a filter's theme, a list's total, a page's parts, its cards) reads them from
    memory, and a bump of a tag on any server changes the key. Bounded,
    and an entry lives a minute at most (or its own timeout, if shorter): a value that
    holds for a time (search results until the page cache's ten minutes pass) is not
    kept much longer than the shared cache keeps it."""

    def __init__(self, size: int):
        self.size = size
        self.entries: collections.OrderedDict = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry[1]

    def set(self, key: str, value, timeout: int) -> None:
        self.set_many({key: value}, timeout)

    def get_many(self, keys) -> dict:
        found = {}
        for key in keys:
            value = self.get(key)
            if value is not None:
                found[key] = value
        return found

    def set_many(self, values: dict, timeout: int) -> None:
        expires = time.monotonic() + min(timeout, 60)
        with self.lock:
            for key, value in values.items():
                self.entries[key] = (expires, value)
                self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_process_values = _ProcessValues(size=256)
_process_fragments = _ProcessValues(size=2048)


def _cache_answered(versions: str) -> bool:
    """False when ``versions`` (from ``tag_versions``) holds a 0: the shared cache did not
    answer, nothing says when a tag changes, and the process must not keep anything."""
    return "0" not in versions.split(".")


def cached_fragments(
    objects,
    render: Callable | None = None,
    *,
    name: str,
    version: Callable = lambda obj: obj.cache_version,
    tags: Iterable[str] = (),
    render_many: Callable | None = None,
    timeout: int = FRAGMENT_TIMEOUT,
) -> list:
    """``render(obj)`` for each object, through the cache: one round trip for all, and a
    render only for the objects whose version (or the language, or ``tags``) changed.
    ``version(obj)`` must change whenever anything the fragment shows changes.
    ``render_many(objects)`` instead of ``render``: render the missing ones in one go (for
    objects that are only keys, whose full rows are loaded for the misses alone); a render
    of None (an object gone since its key was read) is neither stored nor returned."""
    objects = list(objects)
    if not objects:
        return []
    versions = tag_versions((ALL, *tags))
    prefix = f"frag:{name}:{get_language()}:{versions}"
    keys = [f"{prefix}:{version(obj)}" for obj in objects]
    # As for values: the process keeps the fragments it read lately (see _ProcessValues).
    local = _cache_answered(versions)
    found = _process_fragments.get_many(keys) if local else {}
    unread = [key for key in keys if key not in found]
    shared = cache.get_many(unread) if unread else {}
    if local and shared:
        _process_fragments.set_many(shared, timeout)
    found.update(shared)
    missing = [(key, obj) for key, obj in zip(keys, objects, strict=True) if key not in found]
    if missing:
        if render_many is not None:
            rendered = render_many([obj for _key, obj in missing])
        else:
            rendered = [render(obj) for _key, obj in missing]
        new = {
            key: fragment
            for (key, _obj), fragment in zip(missing, rendered, strict=True)
            if fragment is not None
        }
        if new:
            cache.set_many(new, timeout)
            if local:
                _process_fragments.set_many(new, timeout)
            found.update(new)
    return [found[key] for key in keys if key in found]


# Values ---------------------------------------------------------------------------------




def cached_value(
    name: str,
    tags: Iterable[str],
    compute: Callable,
    *,
    valid: Callable | None = None,
    timeout: int = FRAGMENT_TIMEOUT,
):
    """``compute()``, kept in the shared cache under ``name`` (which must hold everything
    the value depends on besides the content of ``tags`` and the language) until a tag
    changes, or ``valid(value)`` is false (a value that holds until a time it carries).
    Only for what is the same for everyone: nothing per person. The value is shared with
    the other requests of the process too, so callers must not change it."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    versions = tag_versions((ALL, *tags))
    key = f"value:{get_language()}:{digest}:{versions}"
    local = _cache_answered(versions)
    value = _process_values.get(key) if local else None
    if value is not None and (valid is None or valid(value)):
        return value
    value = cache.get(key)
    if value is None or (valid is not None and not valid(value)):
        # What is stored for everyone is read from the primary, never a lagging replica.
        with primary_reads():
            value = compute()
        cache.set(key, value, timeout)
    if local:
        _process_values.set(key, value, timeout)
    return value


def _personal_key(user_id: int, name: str) -> str:
    return f"person:{user_id}:{name}"


def personal_value(
    user_id: int,
    name: str,
    compute: Callable,
    *,
    tags: Iterable[str] = (),
    timeout: int = FRAGMENT_TIMEOUT,
):
    """``compute()`` for one person, kept under their own key (never an entry shared with
    anyone else) until ``forget_personal(user_id, name)`` or until one of ``tags`` changes
    (what of the value is public content, e.g. the name of their city): what every page
    of a signed-in person reads (what they follow, the city they act for). The write paths
    that change it call ``forget_personal`` (through model signals, so the admin does too)."""
    key = _personal_key(user_id, name)
    version = tag_versions((ALL, *tags))
    stored = cache.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    cache.set(key, (version, value), timeout)
    return value


def forget_personal(user_id: int, name: str) -> None:
    """Forget a ``personal_value`` at once, for the rest of this request and transaction,
    and again after commit: a request of the same person in between may have read the
    value from before the change."""
    key = _personal_key(user_id, name)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def cached_parts(
    template_name: str,
    names: Iterable[str],
    *,
    key: str,
    tags: Iterable[str],
    context: Callable[[], dict],
    timeout: int = PAGE_TIMEOUT,
) -> dict[str, str]:
    """The HTML of the partials ``names`` of ``template_name`` (``{% partialdef %}``), the
    parts of a page that are the same for everyone, rendered once per ``key`` (what they
    depend on besides ``tags`` and the language) with ``context()``, called only on a miss,
    and without the request, so that nothing per person can reach them."""
    from django.template.loader import render_to_string

    def render() -> dict[str, str]:
        # What the i18n context processor would give; nothing else of the request.
        values = {"LANGUAGE_CODE": get_language(), **context()}
        return {name: render_to_string(f"{template_name}#{name}", values) for name in names}

    return cached_value(f"parts:{template_name}:{key}", tags, render, timeout=timeout)


def _cached_until(name: str, tags: Iterable[str], compute: Callable, until: Callable | None):
    """``cached_value``, for a value that may also change without a write from ``until()``
    (the time the next scheduled item is due, or None) on."""
    if until is None:
        return cached_value(name, tags, compute)
    value, _until = cached_value(
        f"{name}:until",
        tags,
        lambda: (compute(), until()),
        valid=lambda value: value[1] is None or timezone.now() < value[1],
    )
    return value


def cached_count(
    queryset, tags: Iterable[str], key: str = "", until: Callable | None = None
) -> int:
    """``queryset.count()`` through the cache: counting every published practice costs
    more than rendering the page that shows twelve of them. ``key`` says what the query
    depends on (e.g. a list's path and normalised filters); without it, the query's SQL.
    ``until()``: for a query that depends on the time it is made (what is published by
    now), the time from which its total may change without a write (the next scheduled
    item is due), or None; the total is counted again from then on."""
    if not key:
        sql, params = queryset.order_by().query.sql_with_params()
        key = f"{sql}:{params!r}"
    return _cached_until(f"count:{key}", tags, queryset.count, until)


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from ``cached_count`` under ``tags``. With ``rows``,
    each page's rows are kept too, under the same key and tags: for a list of small rows
    (keys and versions) whose order does not depend on the time."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        tags: Iterable[str] = (ANY,),
        key: str = "",
        until: Callable | None = None,
        rows: bool = False,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.tags, self.key, self.until, self.rows = tuple(tags), key, until, rows

    @functools.cached_property
    def count(self) -> int:
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list, self.tags, self.key, self.until)
        return super().count

    def page(self, number):
        page = super().page(number)
        if self.rows and self.key and hasattr(page.object_list, "query"):
            page.object_list = _cached_until(
                f"rows:{self.key}:{page.number}:{self.per_page}",
                self.tags,
                functools.partial(list, page.object_list),
                self.until,
            )
        return page


class CachedCountMixin:
    """For a ListView (or a FilterView): the total of its pages from the cache, under
    ``count_tags``, keyed by the path and the filters the FilterSet's form understood. A
    view whose rows depend on the time defines ``count_until()`` (see ``cached_count``)."""

    paginator_class = CachedCountPaginator
    count_tags: tuple[str, ...] = (ANY,)

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        filterset = getattr(self, "filterset", None)
        # Without filters, the view's rows are the path's (and the time's: count_until).
        key = self.request.path
        if filterset is not None:
            data = filterset.form.data
            values = sorted(
                (name, data.getlist(name) if hasattr(data, "getlist") else data.get(name))
                for name in filterset.form.fields
            )
            key = f"{self.request.path}?{values!r}"
        return self.paginator_class(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            tags=self.count_tags,
            key=key,
            until=getattr(self, "count_until", None),
            **kw,
        )
