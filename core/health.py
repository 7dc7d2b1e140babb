"""Readiness: what an operator needs to see a degraded instance.

``/healthz`` stays the load balancer's liveness check (the database answers).
``/readyz`` also reports the shared cache, the replica, the task queue and mail that
could not be delivered. It answers 503 only when the database is down: with the cache
down the portal still serves (uncached), so the instance stays in the pool and the
answer says ``"degraded"``.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# A task waiting longer than this means no worker is taking the queue.
QUEUE_STALL_SECONDS = 15 * 60


def check_database(alias: str = "default") -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "down"
    return "ok"


def check_cache() -> dict:
    backend = caches["default"]
    ping = getattr(backend, "ping", None)
    if ping is None:
        return {"status": "local", "backend": type(backend).__name__}
    started = time.monotonic()
    up = ping()
    return {
        "status": "ok" if up else "down",
        "backend": type(backend).__name__,
        "ms": round((time.monotonic() - started) * 1000, 1),
    }


def check_queue() -> dict:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return {"status": "ok", "backend": backend.rsplit(".", 1)[-1]}
    from django_tasks_db.models import DBTaskResult

    from .models import UndeliveredEmail

    try:
        ready = DBTaskResult.objects.ready()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
        waiting = 0
        if oldest:
            due = max(moment for moment in oldest if moment is not None)
            waiting = max(0, (timezone.now() - due).total_seconds())
        report = {
            "backend": "DatabaseBackend",
            "ready": ready.count(),
            "oldest_ready_seconds": round(waiting),
            "failed": DBTaskResult.objects.failed().count(),
            "undelivered_email": UndeliveredEmail.objects.filter(resent_at=None).count(),
        }
    except DatabaseError:
        return {"status": "down", "backend": "DatabaseBackend"}
    report["status"] = "stalled" if waiting > QUEUE_STALL_SECONDS else "ok"
    return report


@never_cache
@require_GET
def readyz(request):
    database = check_database()
    if database != "ok":
        return JsonResponse({"status": "unavailable", "database": database}, status=503)
    report = {"database": database, "cache": check_cache(), "queue": check_queue()}
    if "replica" in settings.DATABASES:
        report["replica"] = check_database("replica")
    degraded = (
        report["cache"]["status"] == "down"
        or report["queue"]["status"] != "ok"
        or report.get("replica", "ok") != "ok"
    )
    return JsonResponse({"status": "degraded" if degraded else "ok", **report})
