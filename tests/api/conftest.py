import datetime

import pytest
from django.utils import timezone

from events.models import Event
from members.models import Member
from practices.models import Practice
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OfficerTermFactory,
    PublishedPracticeFactory,
    RegistrationFactory,
    ReplicationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    settings.API_RATE_LIMIT = "10000/min"


@pytest.fixture
def content(db):
    """Published and unpublished things in several provinces, themes, years and kinds,
    and people whose personal data must never reach the API."""
    kupang = Member.objects.get(slug="kota-kupang")
    sidoarjo = Member.objects.get(slug="kabupaten-sidoarjo")
    banjarbaru = Member.objects.get(slug="kota-banjarbaru")
    staff = UserFactory(email="staff.person@kupangkota.go.id")
    published = []
    for index, (member, themes, sdgs, year) in enumerate(
        [
            (kupang, ["digital-public-services"], [11, 16], 2019),
            (kupang, ["smart-city"], [9], 2020),
            (sidoarjo, ["digital-public-services", "smart-city"], [11], 2020),
            (banjarbaru, ["waste-circular-economy"], [16], 2021),
        ]
    ):
        published.append(
            PublishedPracticeFactory(
                member=member,
                title=f"Praktik {index} pelayanan sampah digital",
                themes=themes,
                sdgs=sdgs,
                start_date=datetime.date(year, 3, 1),
                published_at=timezone.now() - datetime.timedelta(days=index),
                contact_name="Ibu Kontak",
                contact_email="kontak.pribadi@kupangkota.go.id",
                contact_phone="+62 812-3456-7890",
                created_by=staff,
            )
        )
    draft = PublishedPracticeFactory(
        member=kupang, status=Practice.Status.DRAFT, title="Draf rahasia"
    )
    now = timezone.now()
    events = [
        EventFactory(host=kupang, start=now + datetime.timedelta(days=10), kind="seminar"),
        EventFactory(
            host=sidoarjo,
            start=datetime.datetime(2019, 9, 3, 1, tzinfo=datetime.UTC),
            end=datetime.datetime(2019, 9, 3, 5, tzinfo=datetime.UTC),
            kind="workshop",
        ),
        EventFactory(
            host=kupang,
            start=datetime.datetime(2020, 5, 3, 1, tzinfo=datetime.UTC),
            end=datetime.datetime(2020, 5, 3, 5, tzinfo=datetime.UTC),
        ),
    ]
    events[0].meeting_url = "https://meet.example.org/rahasia-kupang"
    events[0].title_en = "Kupang seminar"
    events[0].save()
    draft_event = EventFactory(host=kupang, status=Event.Status.DRAFT, title="Acara draf")
    session = SessionFactory(event=events[0])
    SpeakerFactory(session=session, member=kupang, name="Jefri Riwu Kore")
    RegistrationFactory(event=events[0], user=UserFactory(email="peserta@example.go.id"))
    articles = [ArticleFactory(event=events[0]), ArticleFactory(event=draft_event)]
    scheduled = ArticleFactory(published_at=now + datetime.timedelta(days=2))
    OfficerTermFactory(member=sidoarjo, person_name="Saiful Ilah")
    ReplicationFactory(
        practice=published[0], member=banjarbaru, declared_by=staff, stage="implemented"
    )
    return {
        "practices": published,
        "draft": draft,
        "events": events,
        "draft_event": draft_event,
        "articles": articles,
        "scheduled": scheduled,
        "emails": [
            staff.email,
            "peserta@example.go.id",
            "kontak.pribadi@kupangkota.go.id",
        ],
        "phones": ["+62 812-3456-7890", "812-3456-7890", "81234567890"],
    }
