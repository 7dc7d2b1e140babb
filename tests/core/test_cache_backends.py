"""The Redis cache degrades: errors and timeouts are misses, never exceptions."""

import socket
import time
from http import HTTPStatus

import pytest
from django.test import override_settings
from django.urls import reverse

from core.cache_backends import ResilientRedisCache

REDIS_URL = "redis://127.0.0.1:6379/14"


def make_cache(location: str, **options) -> ResilientRedisCache:
    return ResilientRedisCache(location, {"KEY_PREFIX": "citynet-test", "OPTIONS": options})


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers (a hung Redis)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def closed_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_refused_connection_is_a_miss(closed_port):
    cache = make_cache(f"redis://127.0.0.1:{closed_port}/14")
    assert cache.get("x", "fallback") == "fallback"
    assert cache.add("x", 1) is True
    assert cache.set("x", 1) is None
    assert cache.incr("x") == 0
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("x") is False
    assert cache.ping() is False


def test_hung_redis_costs_one_short_timeout(silent_port):
    cache = make_cache(f"redis://127.0.0.1:{silent_port}/14", socket_timeout=0.2)
    started = time.monotonic()
    assert cache.get("x") is None
    first = time.monotonic() - started
    # The breaker skips Redis for the next calls instead of waiting again.
    started = time.monotonic()
    for _ in range(20):
        assert cache.get("x") is None
        cache.set("x", 1)
    rest = time.monotonic() - started
    assert first < 1.0
    assert rest < 0.1


def test_breaker_tries_again_after_a_while(closed_port):
    cache = make_cache(f"redis://127.0.0.1:{closed_port}/14", retry_after=0.05)
    cache.get("x")
    assert not cache._available()
    time.sleep(0.06)
    assert cache._available()


def test_a_missing_counter_still_raises_value_error():
    if not redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache = make_cache(REDIS_URL)
    cache.delete("missing-counter")
    with pytest.raises(ValueError):
        cache.incr("missing-counter")


def test_working_redis_stores_and_answers():
    if not redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache = make_cache(REDIS_URL)
    cache.set("answer", {"n": 42}, 30)
    assert cache.get("answer") == {"n": 42}
    assert cache.ping() is True
    cache.delete("answer")


def test_a_counter_counts_from_one_in_one_call_and_expires():
    if not redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache = make_cache(REDIS_URL)
    cache.delete("window")
    assert [cache.count("window", 30) for _ in range(3)] == [1, 2, 3]
    assert cache.get("window") == 3
    assert 0 < cache._cache.get_client().ttl(cache.make_key("window")) <= 30
    cache.delete("window")


def test_an_unreachable_counter_counts_nothing(closed_port):
    cache = make_cache(f"redis://127.0.0.1:{closed_port}/14")
    assert cache.count("window", 30) == 0


@pytest.mark.django_db
def test_pages_answer_200_when_redis_is_unreachable(client, closed_port):
    caches = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/14",
        }
    }
    with override_settings(CACHES=caches):
        from django.core.cache import caches as handler

        assert isinstance(handler["default"], ResilientRedisCache)
        for name in ("home", "news:list", "practices:list", "members:list", "events:list"):
            assert client.get(reverse(name)).status_code == HTTPStatus.OK, name
        assert client.get(reverse("sitemap")).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_sign_in_works_when_redis_is_unreachable(client, closed_port):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(email="ana@kupangkota.go.id")
    user.set_password("a-good-password-123")
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    caches = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/14",
        }
    }
    with override_settings(CACHES=caches):
        response = client.post(
            reverse("account_login"),
            {"login": "ana@kupangkota.go.id", "password": "a-good-password-123"},
        )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("users:account")).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_a_save_is_kept_when_the_cache_bump_fails(closed_port):
    """The content-version bump that follows a save cannot roll the save back."""
    from members.models import Member

    caches = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/14",
        }
    }
    member = Member.objects.get(code="53.71")
    with override_settings(CACHES=caches):
        from django.db import transaction

        with transaction.atomic():
            member.population = 555_000
            member.save()
    member.refresh_from_db()
    assert member.population == 555_000
