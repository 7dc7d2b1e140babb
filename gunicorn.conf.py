"""gunicorn settings, read from the environment: `gunicorn citynet.wsgi`."""

import multiprocessing
import os
import re

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


def _control_socket_path(bind_address: str) -> str:
    """One control socket per instance, named after its bind address, in gunicorn's own
    directory ($XDG_RUNTIME_DIR, else ~/.gunicorn): two instances on one host must not
    share one (the second would take over the first's socket)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    directory = (
        runtime
        if runtime and os.path.isdir(runtime)
        else os.path.join(os.path.expanduser("~"), ".gunicorn")
    )
    name = re.sub(r"[^A-Za-z0-9.-]+", "-", bind_address).strip("-")
    return os.path.join(directory, f"citynet-{name}.ctl")


# The control socket for `gunicornc`: GUNICORN_CONTROL_SOCKET=off for none, a path for
# that path, unset for one derived from GUNICORN_BIND.
_control = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if _control.lower() in {"off", "none", "0", "false"}:
    control_socket_disable = True
else:
    control_socket = _control or _control_socket_path(bind)
