"""Time (and optionally profile) single requests in-process, against the bench database.

    DATABASE_URL=postgres://.../citynet_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/timing.py [--signed-in] [--cold] [--profile] [PATH ...]

Without paths it takes the benchmark's pages. For each page it prints the mean wall-clock
and CPU milliseconds of a request and the number of SQL queries: a steadier guide than
wrk on a busy machine. ``--cold`` adds a parameter no page understands (as the bench's
cold mode); ``--profile`` prints the top of a cProfile of one more request.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citynet.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--signed-in", action="store_true")
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="cProfile order (e.g. tottime)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("-n", type=int, default=20, help="requests per page")
    args = parser.parse_args()

    from bench.populate import STAFF_EMAIL, urls
    from users.models import User

    paths = args.paths or [path for _name, path in urls()]
    if args.signed_in:
        paths.append("/id/account/")
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    if args.signed_in:
        client.force_login(User.objects.get(email=STAFF_EMAIL))
    counter = 0
    for path in paths:
        client.get(path)  # warm
        wall = cpu = 0.0
        for _ in range(args.n):
            counter += 1
            url = path
            if args.cold:
                url += ("&" if "?" in path else "?") + f"_={counter}"
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                wall += time.perf_counter() - started
                cpu += time.process_time() - started_cpu
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{path:60} {wall / args.n * 1000:7.1f} ms wall {cpu / args.n * 1000:7.1f} ms cpu "
            f"{len(queries):3} queries",
            flush=True,
        )
        if args.profile:
            profiler = cProfile.Profile()
            url = path + (("&" if "?" in path else "?") + "_=p" if args.cold else "")
            profiler.runcall(client.get, url)
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
