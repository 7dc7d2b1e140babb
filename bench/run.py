"""Benchmark the portal at the size of a busy network.

    make bench                      # or: .venv/bin/python bench/run.py --help

1. creates (or reuses) a PostgreSQL database, migrates it and fills it with bench/populate.py:
   all 514 members, 10,000 practices, 2,000 news articles, 500 events with 20,000
   registrations, 5,000 users and one approved Kota Kupang staff member;
2. serves the portal with gunicorn in production mode (DEBUG off, WhiteNoise, compressed static,
   Redis as the shared cache when --redis-url is given);
3. loads each main page with wrk from a second process (8 connections by default) in three
   modes and prints one table for each, with requests per second, the ratio to the same
   server's /healthz and p50/p95/p99 latency:
   - anonymous, cached: a visitor who is not signed in, the page cache warm;
   - anonymous, cold: every request misses the page cache (a unique query parameter, which no
     page understands, so no page entry is read or written), as right after a content save;
   - signed in: the session of an approved city staff member (plus the account page);
4. measures page weight (HTML + CSS + JS, compressed, before images) and the workers' memory;
5. writes bench/results/<timestamp>.json and .md, and bench/results/latest.md.

Targets: cached pages >= 25% of /healthz's throughput with p95 < 100 ms; cold and signed-in
pages >= 10% of /healthz with p95 <= 150 ms; no page over 100 KB of compressed HTML, CSS and
JS; every worker under 200 MB RSS after the run.
"""

import argparse
import contextlib
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "wrk_report.lua"
LUA_UNCACHED = ROOT / "bench" / "wrk_uncached.lua"

MODES = {
    # mode: (title, throughput ratio to /healthz, p95 limit in ms)
    "cached": ("Anonymous, page cache warm", 0.25, 100),
    "cold": ("Anonymous, cold page cache (as right after a content save)", 0.10, 150),
    "signed-in": ("Signed in as an approved Kota Kupang staff member", 0.10, 150),
}
WEIGHT_TARGET_BYTES = 100 * 1024
RSS_TARGET_MB = 200


def run(command, env, **kwargs):
    print("$", " ".join(str(part) for part in command), flush=True)
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def wrk(
    url: str, *, duration: int, connections: int, threads: int, uncached=False, headers=()
) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    for header in ("Accept-Encoding: gzip", *headers):
        command += ["-H", header]
    command += ["-s", str(LUA_UNCACHED if uncached else LUA), url]
    output = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "WRK_REPORT_LUA": str(LUA)},
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    seconds = result["duration_us"] / 1_000_000
    return {
        "rps": result["requests"] / seconds,
        "p50_ms": result["p50_us"] / 1000,
        "p95_ms": result["p95_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "requests": result["requests"],
        "non_2xx": result["non_2xx"],
        "errors": result["errors"],
    }


def fetch(url: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", **(headers or {})})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read(), dict(response.headers)


def page_weight(base: str, path: str, request_headers: dict | None = None) -> int:
    """Compressed bytes of the HTML and of every stylesheet and script it loads."""
    status, body, headers = fetch(base + path, request_headers)
    total = len(body)
    html = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
    assets = re.findall(rb'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"', html)
    for asset in dict.fromkeys(assets):
        _status, asset_body, _headers = fetch(base + asset.decode())
        total += len(asset_body)
    return total


def machine() -> str:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores, {cpu}, {memory}, {platform.platform()}"


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
            if fields.get("PPid", "").strip() == str(master_pid):
                sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def format_table(mode: str, rows: list[dict]) -> str:
    title, ratio_target, p95_target = MODES[mode]
    lines = [
        f"### {title}",
        "",
        f"Target: >= {ratio_target:.0%} of /healthz, p95 <= {p95_target} ms.",
        "",
        "| page | path | req/s | vs /healthz | p50 ms | p95 ms | p99 ms | KB (gz) | ok |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        weight = "" if row["weight_bytes"] is None else f"{row['weight_bytes'] / 1024:.1f}"
        lines.append(
            f"| {row['page']} | `{row['path']}` | {row['rps']:.0f} | {row['ratio']:.1%} | "
            f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {weight} | "
            f"{'yes' if row['ok'] else 'NO'} |"
        )
    return "\n".join(lines) + "\n"


def load_pages(base: str, pages, *, mode: str, args, headers: dict) -> list[dict]:
    _title, ratio_target, p95_target = MODES[mode]
    header_lines = [f"{name}: {value}" for name, value in headers.items()]
    rows = []
    for name, path in [("/healthz", "/healthz"), *pages]:
        print(f"[{mode}] loading {path} ...", flush=True)
        figures = wrk(
            base + path,
            duration=args.duration,
            connections=args.connections,
            threads=args.threads,
            uncached=mode == "cold" and path != "/healthz",
            headers=header_lines,
        )
        weight = None if path == "/healthz" else page_weight(base, path, headers)
        rows.append({"page": name, "path": path, "weight_bytes": weight, **figures})
    trivial = rows[0]["rps"]
    for row in rows:
        row["ratio"] = row["rps"] / trivial
        row["ok"] = row["path"] == "/healthz" or (
            row["ratio"] >= ratio_target
            and row["p95_ms"] <= p95_target
            and row["non_2xx"] == 0
            and row["errors"] == 0
            and (row["weight_bytes"] or 0) <= WEIGHT_TARGET_BYTES
        )
    return rows


def write_report(stamp: str, args, tables: dict, rss: list[float]) -> str:
    """Write what has been measured so far (after each mode, so a failure keeps it)."""
    load = Path("/proc/loadavg").read_text().split()[:3]
    header = (
        f"Benchmark {stamp}: {machine()}\n"
        f"gunicorn {args.workers} workers, PostgreSQL, "
        f"{'Redis' if args.redis_url else 'local-memory'} cache, wrk {args.threads} threads, "
        f"{args.connections} connections, {args.duration} s a page; load average at the end "
        f"{' '.join(load)}; worker RSS after the run: "
        f"{', '.join(f'{size:.0f} MB' for size in rss)}\n"
    )
    report = header + "".join("\n" + format_table(mode, rows) for mode, rows in tables.items())
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps(
            {"machine": machine(), "args": vars(args), "rss_mb": rss, "tables": tables}, indent=2
        )
    )
    (RESULTS / f"{stamp}.md").write_text(report)
    (RESULTS / "latest.md").write_text(report)
    return report


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/citynet_bench"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", ""),
        help="shared cache of the workers (e.g. redis://127.0.0.1:6379/9); flushed at the start",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip-populate", action="store_true")
    parser.add_argument(
        "--mode",
        action="append",
        choices=list(MODES),
        help="run only this mode (repeatable); all three by default",
    )
    parser.add_argument("--only", action="append", help="load only pages whose name contains this")
    return parser.parse_args()


def production_env(args, static_root: str, media_root: str) -> dict:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "DATABASE_URL": args.database_url,
        "DATABASE_POOL_MAX": "4",
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        # wrk comes from one address: the API's per-address limit would answer 429.
        "API_RATE_LIMIT": "100000000/min",
    }
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
        # As docs/deploy.md recommends with Redis: session reads from the shared cache.
        env["SESSION_ENGINE"] = "django.contrib.sessions.backends.cached_db"
    return env


def prepare(args, env: dict) -> tuple[list, dict]:
    """Migrate, fill and collect static files; return the (name, path) pages to load and
    the headers of the signed-in person."""
    ensure_database(args.database_url)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    if not args.skip_populate:
        run([PYTHON, "bench/populate.py"], env)

    def populate(option: str) -> str:
        return subprocess.run(
            [PYTHON, "bench/populate.py", option],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    pages = json.loads(populate("--urls"))
    if args.only:
        pages = [page for page in pages if any(part in page[0] for part in args.only)]
    signed_in = {
        # The cookies a browser keeps: the CSRF cookie, so that pages with a form set no new
        # one, and the signed-in browser's mark, so that no request sets it again.
        "Cookie": f"sessionid={populate('--session')}; csrftoken={'b' * 32}; "
        f"{populate('--known-browser')}"
    }
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    return pages, signed_in


def measure(args, base: str, pages, signed_in: dict, server_pid: int) -> tuple[dict, list, str]:
    """Warm every page, then load each with wrk, mode after mode."""
    modes = args.mode or list(MODES)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    tables, rss, report = {}, [], ""
    wait_for(base + "/healthz")
    for mode in modes:
        headers = signed_in if mode == "signed-in" else {}
        mode_pages = pages + ([("account", "/id/account/")] if mode == "signed-in" else [])
        for _name, path in [("healthz", "/healthz"), *mode_pages]:
            status, _body, _headers = fetch(base + path, headers)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            for _ in range(20):  # warm caches and connections
                fetch(base + path, headers)
        tables[mode] = load_pages(base, mode_pages, mode=mode, args=args, headers=headers)
        rss = worker_rss_mb(server_pid)
        report = write_report(stamp, args, tables, rss)
    return tables, rss, report


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    static_root = tempfile.mkdtemp(prefix="citynet-bench-static-")
    media_root = tempfile.mkdtemp(prefix="citynet-bench-media-")
    env = production_env(args, static_root, media_root)
    pages, signed_in = prepare(args, env)
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "citynet.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        tables, rss, report = measure(args, base, pages, signed_in, server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(media_root, ignore_errors=True)
    print()
    print(report)
    rows = [row for mode_rows in tables.values() for row in mode_rows]
    memory_ok = all(size < RSS_TARGET_MB for size in rss)
    return 0 if memory_ok and all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
