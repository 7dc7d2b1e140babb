"""Benchmark the portal at the size of a busy network.

    make bench                      # or: .venv/bin/python bench/run.py --help

1. creates (or reuses) a PostgreSQL database, migrates it and fills it with bench/populate.py:
   all 514 members, 10,000 practices, 2,000 news articles, 500 events with 20,000
   registrations and 5,000 users;
2. serves the portal with gunicorn in production mode (DEBUG off, WhiteNoise, compressed static);
3. loads each main page with wrk from a second process (8 connections by default) and prints
   requests per second and p50/p95/p99 latency next to the same server's figures for /healthz;
4. measures page weight (HTML + CSS + JS, compressed, before images);
5. writes bench/results/<timestamp>.json and .md, and bench/results/latest.md.

Targets: every page >= 25% of /healthz's throughput and p95 < 100 ms at 8 connections;
no page over 100 KB of compressed HTML, CSS and JS.
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

THROUGHPUT_RATIO_TARGET = 0.25
P95_TARGET_MS = 100
WEIGHT_TARGET_BYTES = 100 * 1024


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


def wrk(url: str, *, duration: int, connections: int, threads: int, uncached=False) -> dict:
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-H",
            "Accept-Encoding: gzip",
            "-s",
            str(LUA_UNCACHED if uncached else LUA),
            url,
        ],
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


def fetch(url: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read(), dict(response.headers)


def page_weight(base: str, path: str) -> int:
    """Compressed bytes of the HTML and of every stylesheet and script it loads."""
    status, body, headers = fetch(base + path)
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


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/citynet_bench"
        ),
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip-populate", action="store_true")
    parser.add_argument(
        "--uncached",
        action="store_true",
        help="defeat the page cache (a unique query string on every request)",
    )
    return parser.parse_args()


def production_env(args, static_root: str, media_root: str) -> dict:
    return {
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


def prepare(args, env: dict) -> list[tuple[str, str]]:
    """Migrate, fill and collect static files; return the (name, path) pages to load."""
    ensure_database(args.database_url)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    if not args.skip_populate:
        run([PYTHON, "bench/populate.py"], env)
    pages = json.loads(
        subprocess.run(
            [PYTHON, "bench/populate.py", "--urls"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    return pages


def measure(args, base: str, pages) -> list[dict]:
    """Warm every page, then load each with wrk."""
    wait_for(base + "/healthz")
    for _name, path in [("healthz", "/healthz"), *pages]:
        status, _body, _headers = fetch(base + path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        for _ in range(20):  # warm caches and connections
            fetch(base + path)
    rows = []
    for name, path in [("trivial view", "/healthz"), *pages]:
        print(f"loading {path} ...", flush=True)
        figures = wrk(
            base + path,
            duration=args.duration,
            connections=args.connections,
            threads=args.threads,
            uncached=args.uncached and path != "/healthz",
        )
        weight = None if path == "/healthz" else page_weight(base, path)
        rows.append({"page": name, "path": path, "weight_bytes": weight, **figures})
    return rows


def judge(rows: list[dict]) -> None:
    trivial = rows[0]["rps"]
    for row in rows:
        row["ratio"] = row["rps"] / trivial
        row["ok"] = row["page"] == "trivial view" or (
            row["ratio"] >= THROUGHPUT_RATIO_TARGET
            and row["p95_ms"] < P95_TARGET_MS
            and row["non_2xx"] == 0
            and row["errors"] == 0
            and (row["weight_bytes"] or 0) <= WEIGHT_TARGET_BYTES
        )


def report(args, rows: list[dict]) -> str:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    header = (
        f"Benchmark {stamp}: {machine()}\n"
        f"gunicorn {args.workers} workers, PostgreSQL, wrk {args.threads} threads, "
        f"{args.connections} connections, {args.duration} s a page"
        f"{', page cache defeated' if args.uncached else ''}\n"
    )
    table = [
        "| page | path | req/s | vs /healthz | p50 ms | p95 ms | p99 ms | KB (gz) | ok |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        weight = "" if row["weight_bytes"] is None else f"{row['weight_bytes'] / 1024:.1f}"
        table.append(
            f"| {row['page']} | `{row['path']}` | {row['rps']:.0f} | {row['ratio']:.0%} | "
            f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {weight} | "
            f"{'yes' if row['ok'] else 'NO'} |"
        )
    text = header + "\n" + "\n".join(table) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps({"machine": machine(), "args": vars(args), "rows": rows}, indent=2)
    )
    (RESULTS / f"{stamp}.md").write_text(text)
    (RESULTS / ("latest-uncached.md" if args.uncached else "latest.md")).write_text(text)
    return text


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    static_root = tempfile.mkdtemp(prefix="citynet-bench-static-")
    media_root = tempfile.mkdtemp(prefix="citynet-bench-media-")
    env = production_env(args, static_root, media_root)
    pages = prepare(args, env)
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "citynet.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        rows = measure(args, f"http://127.0.0.1:{args.port}", pages)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(media_root, ignore_errors=True)
    judge(rows)
    print()
    print(report(args, rows))
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
