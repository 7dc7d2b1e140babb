"""gunicorn settings, read from the environment: `gunicorn citynet.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycling workers guards against slow leaks, but each recycled worker starts with an
# empty local page cache: off by default, set GUNICORN_MAX_REQUESTS to enable.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Load Django once in the master; workers fork with it ready.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = (
    '{"remote": "%({x-forwarded-for}i)s", "request": "%(r)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_ms": %(M)s, "referer": "%(f)s", "agent": "%(a)s"}'
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
