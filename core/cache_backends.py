"""A Redis cache that degrades instead of failing.

Every user of the cache (the page cache, allauth's rate limits, cached sessions, filter
choices) treats the cache as an optimisation. When Redis is down, refuses connections or
accepts them and never answers, each operation gives up after a short timeout, logs the
error and behaves like a miss (reads) or a no-op (writes), so pages render uncached
instead of answering 500. After a failure the backend stops trying for a few seconds
(a small circuit breaker), so an outage costs one timeout every few seconds per process
rather than one per cache call.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT = 0.5
DEFAULT_SOCKET_TIMEOUT = 0.5
DEFAULT_RETRY_AFTER = 5.0


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.RedisError, OSError)


class _ReusedClient(RedisCacheClient):
    """Django's Redis client, keeping one redis-py client per connection pool: Django builds
    one per operation, and building it (its table of response callbacks) cost more CPU than
    the round trip. A redis-py client is safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def count(self, key, timeout):
        pipeline = self.get_client(key, write=True).pipeline(transaction=False)
        pipeline.set(key, self._serializer.dumps(0), ex=timeout, nx=True)
        pipeline.incr(key)
        return pipeline.execute()[-1]


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` whose errors are misses.

    OPTIONS (besides redis-py's connection options): ``socket_connect_timeout`` and
    ``socket_timeout`` in seconds (default 0.5 each), ``retry_after`` seconds to skip
    Redis after a failure (default 5)."""

    def __init__(self, server, params):
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", DEFAULT_RETRY_AFTER))
        options.setdefault("socket_connect_timeout", DEFAULT_CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        # One attempt per call: redis-py's retries would multiply the timeout.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = _ReusedClient
        self._errors = _redis_errors()
        self._down_until = 0.0
        self._lock = threading.Lock()

    def validate_key(self, key):
        """Redis takes any key: no check for memcached's limits (a loop over each
        character of every key, a measurable part of a list served from fragments)."""

    # The circuit breaker: shared by the threads of one process.
    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, error: BaseException) -> None:
        with self._lock:
            first = self._available()
            self._down_until = time.monotonic() + self.retry_after
        if first:
            logger.warning(
                "Cache unavailable (%s: %s); serving without it for %.0f s",
                operation,
                error,
                self.retry_after,
                extra={"cache_operation": operation},
            )

    def _call(self, operation: str, default, *args, **kwargs):
        if not self._available():
            return default
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except self._errors as error:
            self._failed(operation, error)
            return default

    def ping(self) -> bool:
        """Whether Redis answers now (for the readiness check); ignores the breaker."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except self._errors as error:
            self._failed("ping", error)
            return False

    def add(self, key, value, timeout=..., version=None):
        kwargs = {"version": version}
        if timeout is not ...:
            kwargs["timeout"] = timeout
        # True when Redis is unreachable: as if stored and at once evicted. Callers that use
        # add() as a lock (allauth's rate limits) then go ahead instead of refusing everyone.
        return self._call("add", True, key, value, **kwargs)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def set(self, key, value, timeout=..., version=None):
        kwargs = {"version": version}
        if timeout is not ...:
            kwargs["timeout"] = timeout
        return self._call("set", None, key, value, **kwargs)

    def touch(self, key, timeout=..., version=None):
        kwargs = {"version": version}
        if timeout is not ...:
            kwargs["timeout"] = timeout
        return self._call("touch", False, key, **kwargs)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError (callers rely on it); an unreachable
        # cache answers 0, as if the counter had just been lost.
        return self._call("incr", 0, key, delta, version=version)

    def count(self, key, timeout, version=None) -> int:
        """Add one to the counter ``key``, which starts at 0 with ``timeout`` seconds to
        live when missing, in one round trip (``add`` then ``incr`` take three); 0 when
        the cache is unreachable."""
        if not self._available():
            return 0
        key = self.make_and_validate_key(key, version=version)
        try:
            return self._cache.count(key, self.get_backend_timeout(timeout))
        except self._errors as error:
            self._failed("count", error)
            return 0

    def set_many(self, data, timeout=..., version=None):
        kwargs = {"version": version}
        if timeout is not ...:
            kwargs["timeout"] = timeout
        return self._call("set_many", list(data), data, **kwargs)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", False)
