"""Time the weekly digest for many followers and count its queries.

    DATABASE_URL=postgres://... python bench/digest.py --followers 5000

Uses the database in DATABASE_URL (migrated, with the regions loaded): it adds bench users,
follows and a week of content, builds and sends the digests (locmem email, immediate
tasks), prints the figures, and removes what it added."""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Article, Event  # noqa: E402
from follows.digest import digests_build, digests_send, week_start  # noqa: E402
from follows.models import Follow  # noqa: E402
from members.models import Member  # noqa: E402
from practices.models import SDG, Practice, Theme  # noqa: E402
from users.models import User  # noqa: E402

PREFIX = "bench-digest"


def populate(followers: int, week: datetime.date) -> None:
    members = list(Member.objects.order_by("code"))
    themes = list(Theme.objects.all())
    published = timezone.now() - datetime.timedelta(days=(timezone.localdate() - week).days + 2)
    add_practices(members, themes, list(SDG.objects.all()), published)
    add_events_and_news(members, published)
    add_followers(followers, members, themes)


def add_practices(members, themes, sdgs, published: datetime.datetime) -> None:
    """40 practices published in the week, each with a theme and an SDG."""
    for index in range(40):
        practice = Practice.objects.create(
            title=f"{PREFIX} practice {index}",
            slug=f"{PREFIX}-practice-{index}",
            member=members[index * 7 % len(members)],
            summary="Ringkasan.",
            status=Practice.Status.PUBLISHED,
            published_at=published,
        )
        practice.themes.set([themes[index % len(themes)]])
        practice.sdgs.set([sdgs[index % len(sdgs)]])


def add_events_and_news(members, published: datetime.datetime) -> None:
    """10 coming events, each with a news article published in the week."""
    for index in range(10):
        event = Event.objects.create(
            title=f"{PREFIX} event {index}",
            slug=f"{PREFIX}-event-{index}",
            summary="Ringkasan.",
            host=members[index * 11 % len(members)],
            start=timezone.now() + datetime.timedelta(days=7 + index),
            end=timezone.now() + datetime.timedelta(days=7 + index, hours=3),
            status=Event.Status.PUBLISHED,
        )
        Article.objects.create(
            title=f"{PREFIX} news {index}",
            slug=f"{PREFIX}-news-{index}",
            lead="Lead.",
            body="Body.",
            status="published",
            published_at=published,
            event=event,
        )


def add_followers(followers: int, members, themes) -> None:
    """``followers`` users (a third in English), each following a theme, an SDG, a
    member city and its province."""
    users = User.objects.bulk_create(
        [
            User(
                email=f"{PREFIX}-{index}@example.org",
                full_name=f"Bench {index}",
                language="en" if index % 3 == 0 else "id",
            )
            for index in range(followers)
        ]
    )
    follows = []
    for index, user in enumerate(users):
        follows.append(Follow(user=user, kind="theme", key=themes[index % len(themes)].slug))
        follows.append(Follow(user=user, kind="sdg", key=str(index % 17 + 1)))
        follows.append(Follow(user=user, kind="member", key=members[index % len(members)].slug))
        follows.append(
            Follow(user=user, kind="province", key=members[index % len(members)].province.code)
        )
    Follow.objects.bulk_create(follows, batch_size=2000)


def clean() -> None:
    User.objects.filter(email__startswith=PREFIX).delete()
    Article.objects.filter(slug__startswith=PREFIX).delete()
    Practice.objects.filter(slug__startswith=PREFIX).delete()
    Event.objects.filter(slug__startswith=PREFIX).delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--followers", type=int, default=5000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Member.objects.exists():
        call_command("load_regions", verbosity=0)
    week = week_start(timezone.localdate())
    clean()
    populate(args.followers, week)
    try:
        with override_settings(OPENDATA_PUBLISH_ON_CHANGE=False):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as built:
                messages = digests_build(week)
            build_seconds = time.perf_counter() - started
            mail.outbox = []
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as sent:
                report = digests_send(week=week)
            send_seconds = time.perf_counter() - started
        print(
            f"{connection.vendor}: {args.followers} followers, {len(messages)} digests: "
            f"build {build_seconds:.1f} s in {len(built)} queries; "
            f"build, record and send {send_seconds:.1f} s in {len(sent)} queries, "
            f"{len(mail.outbox)} emails ({report.sent} recorded)"
        )
    finally:
        clean()


if __name__ == "__main__":
    main()
