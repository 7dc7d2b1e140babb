"""Settings read from the environment, checked in a fresh interpreter each time."""

import json
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE_ENV = {"PATH": os.environ.get("PATH", ""), "DEBUG": "0", "SECRET_KEY": "x" * 60}


def settings_value(expression: str, **env) -> object:
    code = f"import json, citynet.settings as s\nprint(json.dumps({expression}, default=str))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**BASE_ENV, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_requires_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import citynet.settings"],
        cwd=ROOT,
        env={"PATH": BASE_ENV["PATH"], "DEBUG": "0"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_sqlite_by_default_and_postgres_with_pool():
    assert settings_value("s.DATABASES['default']['ENGINE']") == "django.db.backends.sqlite3"
    db = settings_value(
        "s.DATABASES['default']", DATABASE_URL="postgres://u:p@db.example:5433/citynet"
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"]) == ("db.example", 5433, "citynet")
    assert db["OPTIONS"]["pool"]["max_size"] == 10


def test_read_replica_router():
    value = settings_value(
        "[s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS]",
        DATABASE_URL="postgres://u@primary/citynet",
        DATABASE_REPLICA_URL="postgres://u@replica/citynet",
    )
    assert value == ["replica", ["core.db_routers.PrimaryReplicaRouter"]]
    replica, middleware = settings_value(
        "[s.DATABASES['replica'], s.MIDDLEWARE]",
        DATABASE_URL="postgres://u@primary/citynet",
        DATABASE_REPLICA_URL="postgres://u@replica/citynet",
    )
    assert replica["OPTIONS"]["pool"]["max_size"] == 10
    assert "core.db_routers.PrimaryAfterWriteMiddleware" in middleware


def test_router_reads_from_primary_inside_transactions(db):
    from django.db import transaction

    from core.db_routers import PrimaryReplicaRouter
    from members.models import Member

    router = PrimaryReplicaRouter()
    assert router.db_for_write(Member) == "default"
    assert router.allow_migrate("replica", "members") is False
    with transaction.atomic():
        assert router.db_for_read(Member) == "default"


def test_email_url():
    mailer = settings_value(
        "s.MAILERS['delivery']", EMAIL_URL="smtp://user%40x:p%23ss@mail.example:2525"
    )
    assert mailer["BACKEND"].endswith("smtp.EmailBackend")
    assert mailer["OPTIONS"]["host"] == "mail.example"
    assert mailer["OPTIONS"]["port"] == 2525
    assert mailer["OPTIONS"]["username"] == "user@x"
    assert mailer["OPTIONS"]["password"] == "p#ss"
    assert mailer["OPTIONS"]["use_tls"] is True
    console = settings_value("s.MAILERS['delivery']['BACKEND']", DEBUG="1")
    assert console.endswith("console.EmailBackend")
    # Every message is queued; the task worker delivers it.
    queued = settings_value("s.MAILERS['default']['BACKEND']")
    assert queued == "core.mail_backends.QueuedEmailBackend"


def test_object_store_for_media():
    storage = settings_value(
        "s.STORAGES['default']",
        AWS_STORAGE_BUCKET_NAME="citynet-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "citynet-media"
    assert storage["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    # Private bucket, signed and expiring URLs: drafts' files are not public.
    assert storage["OPTIONS"]["querystring_auth"] is True
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["querystring_expire"] > 10 * 60


def test_object_store_refuses_an_unsigned_custom_domain():
    result = subprocess.run(
        [sys.executable, "-c", "import citynet.settings"],
        cwd=ROOT,
        env={
            **BASE_ENV,
            "AWS_STORAGE_BUCKET_NAME": "citynet-media",
            "AWS_S3_CUSTOM_DOMAIN": "media.citynet.id",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "AWS_S3_CUSTOM_DOMAIN" in result.stderr


def test_object_store_urls_are_signed():
    from storages.backends.s3 import S3Storage

    storage = S3Storage(
        bucket_name="citynet-media",
        endpoint_url="http://127.0.0.1:9000",
        access_key="key",
        secret_key="secret",
        region_name="us-east-1",
        querystring_auth=True,
        querystring_expire=3600,
    )
    url = storage.url("practices/attachments/2026/draft-plan.pdf")
    assert url.startswith("http://127.0.0.1:9000/citynet-media/practices/attachments/2026/")
    query = url.split("?", 1)[1]
    assert "Signature=" in query
    assert "Expires=" in query


def test_tasks_backend_and_cache_from_environment():
    assert (
        settings_value(
            "s.TASKS['default']['BACKEND']", TASKS_BACKEND="django_tasks_db.DatabaseBackend"
        )
        == "django_tasks_db.DatabaseBackend"
    )
    # Production queues in the database unless told otherwise; development runs at once.
    assert settings_value("s.TASKS['default']['BACKEND']") == "django_tasks_db.DatabaseBackend"
    assert settings_value("s.TASKS['default']['BACKEND']", DEBUG="1").endswith("ImmediateBackend")
    assert (
        settings_value("s.CACHES['default']['BACKEND']", REDIS_URL="redis://127.0.0.1:6379/3")
        == "core.cache_backends.ResilientRedisCache"
    )


def test_production_security_settings():
    values = settings_value(
        "[s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.STORAGES['staticfiles']['BACKEND']]"
    )
    assert values == [
        31536000,
        True,
        True,
        True,
        "core.storage.StaticFilesStorage",
    ]


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_redis_cache_backend_works(settings):
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": f"citynet-test-{os.getpid()}",
        },
    }
    cache = caches["redis"]
    cache.set("greeting", {"id": "Halo"}, 30)
    assert cache.get("greeting") == {"id": "Halo"}
    cache.delete("greeting")
    assert cache.get("greeting") is None


def test_json_log_lines():
    from core.logging import JSONFormatter

    record = logging.LogRecord("citynet", logging.INFO, __file__, 1, "hello %s", ("x",), None)
    record.request_id = "abc"
    line = json.loads(JSONFormatter().format(record))
    assert line["message"] == "hello x"
    assert line["level"] == "INFO"
    assert line["request_id"] == "abc"
