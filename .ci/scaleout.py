"""Scale-out check: two gunicorn instances sharing PostgreSQL and Redis, a task worker
with a read replica configured, a local SMTP server that is down and then back, and
instances whose Redis is unreachable. Everything on 127.0.0.1; bounded in time.

Run from the project root: `.venv/bin/python .ci/scaleout.py`. Environment:
SCALEOUT_DATABASE (default citynet_scaleout, recreated), SCALEOUT_REDIS_DB (15),
SCALEOUT_PORT (first of ten ports, default 8140).
"""

import email.policy as email_policy
import html.parser
import http.client
import http.cookies
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from email import message_from_string
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DATABASE = os.environ.get("SCALEOUT_DATABASE", "citynet_scaleout")
REDIS_DB = int(os.environ.get("SCALEOUT_REDIS_DB", "15"))
BASE = int(os.environ.get("SCALEOUT_PORT", "8140"))
PORT_A, PORT_B, PORT_SMTP, PORT_HUNG_APP, PORT_HUNG_REDIS, PORT_DOWN_APP, PORT_NOTHING = (
    BASE + 1,
    BASE + 2,
    BASE + 3,
    BASE + 4,
    BASE + 5,
    BASE + 6,
    BASE + 7,
)
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
PASSWORD = "Garuda-Ruang-Rapat-77"

processes: list[subprocess.Popen] = []
failures: list[str] = []
TMP = Path(tempfile.mkdtemp(prefix="citynet-scaleout-"))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def check(condition: bool, message: str) -> None:
    log(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        failures.append(message)


def environment(**overrides) -> dict:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/root"),
        "DEBUG": "0",
        "SECRET_KEY": "scaleout-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SITE_URL": f"http://127.0.0.1:{PORT_A}",
        "DATABASE_URL": DB_URL,
        # A second connection to the same database stands in for a streaming replica.
        "DATABASE_REPLICA_URL": DB_URL,
        "DATABASE_POOL_MIN": "1",
        "DATABASE_POOL_MAX": "4",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "EMAIL_URL": f"smtp://127.0.0.1:{PORT_SMTP}?tls=0",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(TMP / "static"),
        "MEDIA_ROOT": str(TMP / "media"),
        "XDG_RUNTIME_DIR": str(TMP),
        "GUNICORN_WORKERS": "2",
        # Password hashing is slow by design; a loaded CI machine must not kill the worker.
        "GUNICORN_TIMEOUT": "120",
        "GUNICORN_ACCESS_LOG": str(TMP / "access.log"),
        "LOG_LEVEL": "WARNING",
    }
    env.update(overrides)
    return env


def manage(*args: str, **env) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=180,
    )
    if result.returncode != 0:
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return result.stdout


def start(name: str, args: list[str], **env) -> subprocess.Popen:
    out = open(TMP / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        args, cwd=ROOT, env=environment(**env), stdout=out, stderr=subprocess.STDOUT
    )
    processes.append(process)
    return process


def start_app(port: int, **env) -> subprocess.Popen:
    process = start(
        f"app-{port}",
        [GUNICORN, "citynet.wsgi", "-c", "gunicorn.conf.py"],
        GUNICORN_BIND=f"127.0.0.1:{port}",
        **env,
    )
    wait_for_port(port)
    return process


def wait_for_port(port: int, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def wait_until(predicate, timeout: float, step: float = 0.3):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


class FormParser(html.parser.HTMLParser):
    """The fields of the first form with a given id (or the first POST form)."""

    def __init__(self, form_id: str | None = None):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done:
            self.inside = (
                a.get("id") == self.form_id
                if self.form_id
                else a.get("method", "").lower() == "post"
            )
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "file", "button"):
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(page: str, form_id: str | None = None) -> dict:
    parser = FormParser(form_id)
    parser.feed(page)
    return dict(parser.fields)


class Browser:
    """A small HTTP client that keeps cookies (including Secure ones, over plain HTTP
    on 127.0.0.1) and speaks to any of the instances."""

    def __init__(self, client_address: str):
        self.cookies: dict[str, str] = {}
        self.client_address = client_address

    def request(self, port: int, method: str, path: str, data: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=150)
        headers = {"Host": "127.0.0.1", "X-Forwarded-For": self.client_address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{port}{path}"
        started = time.monotonic()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        elapsed = time.monotonic() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for key, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        connection.close()
        return response.status, response.headers, content, elapsed

    def get(self, port: int, path: str):
        return self.request(port, "GET", path)

    def submit(self, port: int, path: str, values: dict, form_id: str | None = None):
        """GET the page, fill its form with ``values`` and POST it."""
        _status, _headers, page, _elapsed = self.get(port, path)
        data = form_fields(page, form_id)
        data.update(values)
        return self.request(port, "POST", path, data)


def db_query(sql: str, *params):
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}") as connection:
        rows = connection.execute(sql, params)
        return rows.fetchall() if rows.description else None


class SMTPSink:
    """A local mail server (aiosmtpd) that keeps what it receives."""

    def __init__(self, port: int):
        from aiosmtpd.controller import Controller

        self.messages: list[tuple[list[str], str]] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.messages.append((list(envelope.rcpt_tos), envelope.content.decode()))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


def hung_redis(port: int) -> socket.socket:
    """Accepts connections and never answers."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(64)
    held: list[socket.socket] = []

    def accept():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            held.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    return server


def prepare() -> None:
    log(f"database {DATABASE}, Redis db {REDIS_DB}, ports {BASE}-{BASE + 9}")
    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True, capture_output=True)
    steps = [
        ("migrate", "--noinput"),
        ("load_regions",),
        ("collectstatic", "--noinput"),
        (
            "shell",
            "-c",
            "from django.utils import timezone\n"
            "from allauth.account.models import EmailAddress\n"
            "from events.models import Article\n"
            "from users.models import User\n"
            "u = User.objects.create_superuser(email='admin@citynet.test', password="
            f"'{PASSWORD}', full_name='Admin')\n"
            "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)\n"
            "Article.objects.create(title='Seminar Citynet di Kupang', slug='seminar-kupang', "
            "language='id', lead='Kota Kupang menjadi tuan rumah.', body='Isi berita.', "
            "status='published', published_at=timezone.now())\n",
        ),
    ]
    for step in steps:
        begun = time.monotonic()
        manage(*step)
        log(f"manage.py {step[0]}: {time.monotonic() - begun:.0f} s")


def scenario_two_instances() -> None:
    visitor = Browser("203.0.113.10")
    check_both_instances_ready(visitor)
    check_an_edit_on_a_shows_on_b(visitor)
    check_limits_count_across_instances()


def check_both_instances_ready(visitor) -> None:
    status, *_ = visitor.get(PORT_A, "/healthz")
    check(status == 200, "instance A /healthz 200")
    status, _h, body, _e = visitor.get(PORT_B, "/readyz")
    report = json.loads(body)
    check(
        status == 200 and report["cache"]["status"] == "ok" and "replica" in report,
        f"instance B /readyz reports cache and replica: {report['status']}",
    )


def check_an_edit_on_a_shows_on_b(visitor) -> None:
    """An edit on A shows on B, although B has the page in the shared cache."""
    slug, title, article_id = db_query(
        "SELECT slug, title, id FROM events_article WHERE status = 'published' ORDER BY id LIMIT 1"
    )[0]
    path = f"/id/news/{slug}/"
    status, _h, page, _e = visitor.get(PORT_B, path)
    check(status == 200 and title in page, "B serves the article (now cached)")
    admin = Browser("203.0.113.20")
    status, headers, _b, _e = admin.submit(
        PORT_A,
        "/id/accounts/login/",
        {"login": "admin@citynet.test", "password": PASSWORD},
    )
    check(status == 302, "secretariat signs in on A")
    check("primary" in admin.cookies, "the sign-in sets the read-your-writes cookie")
    # Sessions cross: the same cookie is signed in on B.
    status, _h, _b, _e = admin.get(PORT_B, "/id/account/")
    check(status == 200, "the session from A is signed in on B")

    new_title = f"{title} (diperbarui {secrets.token_hex(3)})"
    status, headers, body, _e = admin.submit(
        PORT_A,
        f"/admin/events/article/{article_id}/change/",
        {"title": new_title, "_save": "Simpan"},
        form_id="article_form",
    )
    check(status == 302, f"admin edit on A saved ({status})")
    # Read-after-write through the replica route, on the other instance.
    status, _h, body, _e = admin.get(PORT_B, "/admin/events/article/")
    check(new_title in body, "read-after-write on B (admin list) shows the new title")
    status, _h, page, _e = visitor.get(PORT_B, path)
    check(new_title in page, "the edit made on A shows on B for an anonymous visitor")


def check_limits_count_across_instances() -> None:
    """Limits count across both instances, per client address behind the proxy."""
    guesser = Browser("198.51.100.66")
    for attempt in range(5):
        port = PORT_A if attempt % 2 == 0 else PORT_B
        guesser.submit(
            port, "/id/accounts/login/", {"login": "admin@citynet.test", "password": "salah"}
        )
    status, _h, body, _e = guesser.submit(
        PORT_B, "/id/accounts/login/", {"login": "admin@citynet.test", "password": PASSWORD}
    )
    check(
        "Terlalu banyak percobaan masuk" in body,
        "5 failed sign-ins spread over A and B lock the account on B",
    )
    status, _h, body, _e = guesser.submit(
        PORT_A, "/admin/login/", {"username": "admin@citynet.test", "password": PASSWORD}
    )
    check("Terlalu banyak percobaan masuk" in body, "...and on the admin sign-in of A")


def scenario_mail_server_down_then_back() -> None:
    person = Browser("203.0.113.30")
    email = f"maria.{secrets.token_hex(3)}@kupangkota.go.id"
    status, _h, _b, _e = person.submit(
        PORT_A,
        "/id/accounts/signup/",
        {
            "full_name": "Maria Bria Seran",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "member": "Kota Kupang",
            "job_title": "Kepala Bidang Aplikasi Informatika",
        },
    )
    check(status == 302, f"sign-up answers 302 while the mail server refuses ({status})")

    def retry_scheduled():
        rows = db_query(
            "SELECT id FROM django_tasks_database_dbtaskresult WHERE status = 'READY' "
            "AND (args_kwargs->'kwargs'->>'attempt')::int = 2 "
            "AND args_kwargs::text LIKE %s",
            f"%{email}%",
        )
        return rows

    check(bool(wait_until(retry_scheduled, 30)), "the worker failed to send and scheduled a retry")
    sink = SMTPSink(PORT_SMTP)
    sink.start()
    try:
        # Time passes: make the retry due now instead of in a minute.
        db_query(
            "UPDATE django_tasks_database_dbtaskresult SET run_after = now() WHERE status = 'READY'"
        )
        arrived = wait_until(lambda: [m for m in sink.messages if email in m[0]], 30)
        check(bool(arrived), "the confirmation mail arrives once the mail server is back")
        if arrived:
            message = message_from_string(arrived[0][1], policy=email_policy.default)
            text = message.get_body(("plain",)).get_content()
            check("/accounts/confirm-email/" in text, "...with its confirmation link")
            check(len(arrived) == 1, "...exactly once")
    finally:
        sink.stop()


PAGES = [
    "/id/",
    "/id/news/",
    "/id/practices/",
    "/id/members/",
    "/id/events/",
    "/id/search/?q=kupang",
    "/sitemap.xml",
    "/en/members/kota-kupang/",
]


def scenario_redis_unreachable() -> None:
    timings = {}
    listener = hung_redis(PORT_HUNG_REDIS)
    try:
        for port, redis_port, what in [
            (PORT_HUNG_APP, PORT_HUNG_REDIS, "Redis that never answers"),
            (PORT_DOWN_APP, PORT_NOTHING, "Redis refusing connections"),
        ]:
            start_app(port, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
            visitor = Browser("203.0.113.40")
            statuses = [visitor.get(port, path)[0] for path in PAGES]  # also warms up
            check(all(s == 200 for s in statuses), f"{what}: every page answers 200 {statuses}")
            timings[what] = sum(visitor.get(port, path)[3] for path in PAGES)
            admin = Browser("203.0.113.41")
            status, *_ = admin.submit(
                port,
                "/id/accounts/login/",
                {"login": "admin@citynet.test", "password": PASSWORD},
            )
            check(status == 302, f"{what}: sign-in works")
            status, _h, body, _e = visitor.get(port, "/readyz")
            check(json.loads(body)["status"] == "degraded", f"{what}: /readyz says degraded")
            status, *_ = visitor.get(port, "/healthz")
            check(status == 200, f"{what}: /healthz stays 200 (database liveness)")
    finally:
        listener.close()
    hung, refused = timings.values()
    # A Redis that never answers costs at most a short timeout now and then, not a wait
    # per cache call: the pages take about as long as with a Redis that refuses at once.
    check(
        hung < 1.5 * refused + 1.5,
        f"the pages take {hung:.1f} s with a hung Redis, {refused:.1f} s with a refusing one",
    )


def main() -> int:
    started = time.monotonic()
    try:
        prepare()
        log(f"prepared in {time.monotonic() - started:.0f} s")
        start_app(PORT_A)
        start_app(PORT_B)
        # The worker runs with the replica configured; the mail server is still down.
        worker = start("worker", [PYTHON, "manage.py", "db_worker", "--interval", "0.2"])
        scenario_two_instances()
        scenario_mail_server_down_then_back()
        check(worker.poll() is None, "the worker (with a replica configured) is still running")
        scenario_redis_unreachable()
        sockets = sorted(p.name for p in TMP.glob("*.ctl"))
        check(len(sockets) >= 2, f"each gunicorn instance has its own control socket {sockets}")
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], capture_output=True)
    log(f"finished in {time.monotonic() - started:.0f} s")
    if failures:
        for name in TMP.glob("*.log"):
            tail = name.read_text(errors="replace").splitlines()[-30:]
            print(f"--- {name.name}", *tail, sep="\n", file=sys.stderr)
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
