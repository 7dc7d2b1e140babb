"""Reads that must not go to a lagging replica go to the primary."""

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.db_routers import (
    PIN_COOKIE,
    PrimaryAfterWriteMiddleware,
    PrimaryReplicaRouter,
    primary_reads,
)
from members.models import Member

router = PrimaryReplicaRouter()


def test_content_reads_go_to_the_replica():
    assert router.db_for_read(Member) == "replica"
    assert router.db_for_write(Member) == "default"


def test_queue_and_sessions_always_use_the_primary():
    assert router.db_for_read(DBTaskResult) == "default"
    assert router.db_for_read(Session) == "default"


def test_primary_reads_block():
    with primary_reads():
        assert router.db_for_read(Member) == "default"
    assert router.db_for_read(Member) == "replica"


def reading_view(request):
    return HttpResponse(router.db_for_read(Member))


@pytest.fixture
def middleware(settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 15
    return PrimaryAfterWriteMiddleware(reading_view)


def test_a_write_pins_the_next_reads_to_the_primary(middleware):
    factory = RequestFactory()
    response = middleware(factory.post(reverse("account_login")))
    assert response.content == b"default"
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 15
    assert cookie["httponly"]

    pinned = factory.get(reverse("practices:list"))
    pinned.COOKIES[PIN_COOKIE] = "1"
    assert middleware(pinned).content == b"default"
    # Someone who has not written lately reads from the replica, and gets no cookie.
    response = middleware(factory.get(reverse("practices:list")))
    assert response.content == b"replica"
    assert PIN_COOKIE not in response.cookies


def test_middleware_is_off_without_a_replica(settings):
    from django.core.exceptions import MiddlewareNotUsed

    assert not hasattr(settings, "DATABASE_REPLICA_PIN_SECONDS")
    with pytest.raises(MiddlewareNotUsed):
        PrimaryAfterWriteMiddleware(reading_view)


def test_page_cache_renders_what_it_stores_from_the_primary(rf):
    from django.contrib.auth.models import AnonymousUser

    from core.cache import cache_for_anonymous

    view = cache_for_anonymous(reading_view)
    request = rf.get(reverse("home") + "fresh/")
    request.user = AnonymousUser()
    assert view(request).content == b"default"
