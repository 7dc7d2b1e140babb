"""Fill the benchmark database with a busy network's worth of content (idempotent).

    python bench/populate.py            # create what is missing
    python bench/populate.py --urls     # print the pages to load, as JSON
    python bench/populate.py --session  # print a session key of the bench's city staff member
    python bench/populate.py --known-browser  # the cookie a browser keeps after signing in

Sizes: all 514 members, 5,000 users, 500 events with 20,000 registrations, 2,000 news
articles and 10,000 published practices. Text is generated from a small vocabulary so
that searches and filters match realistic numbers of rows.
"""

import datetime
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citynet.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.cache import content_changed  # noqa: E402
from events.models import Article, Event, Registration  # noqa: E402
from members.models import Affiliation, Member  # noqa: E402
from members.services import regions_load  # noqa: E402
from practices.models import SDG, Practice, Theme  # noqa: E402
from practices.search import update_search_vector  # noqa: E402
from users.models import User  # noqa: E402

USERS = 5_000
EVENTS = 500
REGISTRATIONS = 20_000
ARTICLES = 2_000
PRACTICES = 10_000
STAFF_EMAIL = "staff-kupang@bench.citynet.test"

WORDS = (
    "pelayanan publik digital aplikasi warga kota kabupaten inovasi sampah banjir air bersih "
    "sanitasi transportasi pasar UMKM pariwisata kesehatan puskesmas sekolah anak perempuan "
    "desa kelurahan kecamatan anggaran partisipasi data terbuka perizinan kependudukan "
    "mangrove energi surya emisi bencana gempa relawan koperasi nelayan petani irigasi "
    "perpustakaan budaya festival taman hijau sepeda trotoar angkutan terminal pelabuhan"
).split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def populate_users(rng: random.Random) -> None:
    missing = USERS - User.objects.count()
    if missing <= 0:
        return
    start = User.objects.count()
    users = [
        User(email=f"bench{start + n}@bench.citynet.test", full_name=f"Peserta Uji {start + n}")
        for n in range(missing)
    ]
    hashed = User(email="x@x")
    hashed.set_password("bench-password")
    for user in users:
        user.password = hashed.password
    User.objects.bulk_create(users, batch_size=1000)


def populate_events(rng: random.Random, members: list[Member]) -> None:
    missing = EVENTS - Event.objects.count()
    if missing > 0:
        now = timezone.now()
        events = []
        for n in range(missing):
            host = rng.choice(members)
            start = now + datetime.timedelta(days=rng.randint(-2000, 400), hours=rng.randint(0, 8))
            events.append(
                Event(
                    kind=rng.choice([choice for choice, _label in Event.Kind.choices]),
                    title=f"Seminar {sentence(rng, 4)[:-1]} {n}",
                    slug=f"bench-event-{n}",
                    summary=sentence(rng, 20),
                    description=paragraph(rng, 8),
                    host=host,
                    venue_name=f"Aula {host.short_name}",
                    start=start,
                    end=start + datetime.timedelta(hours=4),
                    time_zone=host.time_zone,
                    status=Event.Status.PUBLISHED,
                    capacity=rng.choice([50, 100, 200]),
                )
            )
        Event.objects.bulk_create(events, batch_size=500)
    if Registration.objects.count() >= REGISTRATIONS:
        return
    event_ids = list(Event.objects.values_list("pk", flat=True))
    user_ids = list(User.objects.values_list("pk", flat=True))
    pairs = set(Registration.objects.values_list("event_id", "user_id"))
    registrations = []
    while len(pairs) < REGISTRATIONS:
        pair = (rng.choice(event_ids), rng.choice(user_ids))
        if pair in pairs:
            continue
        pairs.add(pair)
        registrations.append(
            Registration(
                event_id=pair[0],
                user_id=pair[1],
                status=Registration.Status.CONFIRMED,
                member=rng.choice(members),
                job_title="Analis Kebijakan",
            )
        )
    Registration.objects.bulk_create(registrations, batch_size=2000)


def populate_articles(rng: random.Random) -> None:
    missing = ARTICLES - Article.objects.count()
    if missing <= 0:
        return
    now = timezone.now()
    event_ids = list(Event.objects.values_list("pk", flat=True))
    Article.objects.bulk_create(
        [
            Article(
                title=f"Berita {sentence(rng, 5)[:-1]} {n}",
                slug=f"bench-article-{n}",
                lead=sentence(rng, 25),
                body="\n\n".join(paragraph(rng) for _ in range(6)),
                author="Sekretariat Citynet",
                status="published",
                published_at=now - datetime.timedelta(hours=n * 7 + 1),
                event_id=rng.choice(event_ids) if n % 3 == 0 else None,
            )
            for n in range(missing)
        ],
        batch_size=500,
    )


def populate_practices(rng: random.Random, members: list[Member]) -> None:
    existing = Practice.objects.count()
    missing = PRACTICES - existing
    if missing <= 0:
        return
    now = timezone.now()
    practices = []
    for n in range(existing, PRACTICES):
        start = datetime.date(rng.randint(2012, 2026), rng.randint(1, 12), 1)
        practices.append(
            Practice(
                title=f"{sentence(rng, 5)[:-1]} {n}",
                slug=f"bench-practice-{n}",
                language="id",
                summary=paragraph(rng, 3),
                member=rng.choice(members),
                office="Dinas Komunikasi dan Informatika",
                kind=rng.choice([choice for choice, _label in Practice.Kind.choices]),
                problem=paragraph(rng, 6),
                activities=paragraph(rng, 8),
                results=paragraph(rng, 5),
                lessons=paragraph(rng, 3),
                start_date=start,
                progress=Practice.Progress.ONGOING,
                status=Practice.Status.PUBLISHED,
                published_at=now - datetime.timedelta(hours=n),
            )
        )
    created = Practice.objects.bulk_create(practices, batch_size=500)
    theme_ids = list(Theme.objects.values_list("pk", flat=True))
    sdg_ids = list(SDG.objects.values_list("pk", flat=True))
    ThemeLink = Practice.themes.through
    SdgLink = Practice.sdgs.through
    ThemeLink.objects.bulk_create(
        [
            ThemeLink(practice_id=practice.pk, theme_id=theme)
            for practice in created
            for theme in rng.sample(theme_ids, 2)
        ],
        batch_size=2000,
    )
    SdgLink.objects.bulk_create(
        [
            SdgLink(practice_id=practice.pk, sdg_id=sdg)
            for practice in created
            for sdg in rng.sample(sdg_ids, 2)
        ],
        batch_size=2000,
    )
    update_search_vector([practice.pk for practice in created])


def populate_staff() -> User:
    """An approved Kota Kupang staff member: the signed-in person of the benchmark."""
    user, created = User.objects.get_or_create(
        email=STAFF_EMAIL, defaults={"full_name": "Staf Kota Kupang"}
    )
    if created:
        user.set_password("bench-password")
        user.save()
    Affiliation.objects.get_or_create(
        user=user,
        member=Member.objects.get(slug="kota-kupang"),
        defaults={"job_title": "Analis Kebijakan", "status": Affiliation.Status.APPROVED},
    )
    return user


def session_key() -> str:
    """A fresh signed-in session for the staff member (the same as signing in)."""
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(email=STAFF_EMAIL))
    return client.cookies["sessionid"].value


def urls() -> list[tuple[str, str]]:
    event = Event.objects.published().order_by("-start").first()
    article = Article.objects.published().latest_first().first()
    practice = Practice.objects.published().order_by("-published_at").first()
    pages = [
        ("home", "/id/"),
        ("member directory", "/id/members/"),
        ("member profile", "/id/members/kota-kupang/"),
        ("officers", "/id/officers/"),
        ("event list", "/id/events/"),
        ("event", event.get_absolute_url()),
        ("news list", "/id/news/"),
        ("article", article.get_absolute_url()),
        ("news feed", "/id/news/feed/"),
        ("calendar feed", "/id/events/calendar.ics"),
        ("practice list", "/id/practices/"),
        ("practice list, filtered", "/id/practices/?theme=digital-public-services&year=2020"),
        ("practice search", "/id/practices/?q=sampah+bank&sort=relevance"),
        ("practice", practice.get_absolute_url()),
        ("practice feed", "/id/practices/feed/"),
        ("search", "/id/search/?q=pelayanan+digital"),
        ("map of members", "/id/members/map/"),
        ("network dashboard", "/id/network/"),
        ("API members", "/api/v1/members/"),
        ("API events", "/api/v1/events/"),
        ("API news", "/api/v1/news/"),
        ("API practices", "/api/v1/practices/"),
        ("API practices, filtered", "/api/v1/practices/?theme=digital-public-services&year=2020"),
    ]
    return pages


def known_browser_cookie() -> str:
    """The signed mark a browser keeps once someone signed in on it (core.middleware):
    without it, every request would look the person up to set it."""
    from django.core import signing

    from core.middleware import SIGNED_IN_COOKIE, SIGNED_IN_SALT

    value = signing.get_cookie_signer(salt=SIGNED_IN_COOKIE + SIGNED_IN_SALT).sign("1")
    return f"{SIGNED_IN_COOKIE}={value}"


def main() -> None:
    if "--urls" in sys.argv:
        print(json.dumps(urls()))
        return
    if "--session" in sys.argv:
        print(session_key())
        return
    if "--known-browser" in sys.argv:
        print(known_browser_cookie())
        return
    rng = random.Random(514)
    with transaction.atomic():
        regions_load()
        members = list(Member.objects.all())
        populate_users(rng)
        populate_events(rng, members)
        populate_articles(rng)
        populate_practices(rng, members)
        populate_staff()
    content_changed()
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather them after a bulk load: without
        # them the planner skips the search indexes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"users {User.objects.count()}, events {Event.objects.count()}, registrations "
        f"{Registration.objects.count()}, articles {Article.objects.count()}, practices "
        f"{Practice.objects.count()}"
    )


if __name__ == "__main__":
    main()
