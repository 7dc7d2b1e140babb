"""/healthz is liveness (the database); /readyz also reports cache, replica and queue."""

import socket
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_healthz_stays_the_database_check(client):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}


def test_readyz_all_well(client):
    response = client.get("/readyz")
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["cache"]["status"] == "local"
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_reports_cache_down_as_degraded(client, settings):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/14",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["status"] == "degraded"
    assert body["cache"]["status"] == "down"
    # Liveness is unaffected: the load balancer keeps the instance.
    assert client.get("/healthz").status_code == HTTPStatus.OK


def test_readyz_reports_queue_backlog_and_undelivered_mail(client, settings):
    from django_tasks_db.models import DBTaskResult

    from core.mail import deliver_email
    from core.models import UndeliveredEmail

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    deliver_email.enqueue(message={"subject": "s", "body": "b", "to": ["a@example.go.id"]})
    UndeliveredEmail.objects.create(
        subject="s", recipients="a@example.go.id", message={}, error="refused", attempts=9
    )
    body = client.get("/readyz").json()
    assert body["queue"]["ready"] == 1
    assert body["queue"]["undelivered_email"] == 1
    assert body["status"] == "ok"

    an_hour_ago = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.update(enqueued_at=an_hour_ago, run_after=an_hour_ago)
    body = client.get("/readyz").json()
    assert body["queue"]["status"] == "stalled"
    assert body["status"] == "degraded"


def test_readyz_answers_503_when_the_database_is_down(client, monkeypatch):
    from core import health

    monkeypatch.setattr(health, "check_database", lambda alias="default": "down")
    response = client.get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["status"] == "unavailable"
