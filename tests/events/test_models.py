import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.template import Context, Template
from django.utils import timezone, translation

from events.models import Article, Event
from members.models import Member
from tests.factories import ArticleFactory, EventFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_time_zone_defaults_to_the_host_zone(kupang):
    event = EventFactory(host=kupang, time_zone="")
    assert event.time_zone == "Asia/Makassar"
    assert event.zone_abbreviation == "WITA"


@pytest.mark.parametrize(
    ("slug", "abbreviation", "hour"),
    [
        ("kota-kupang", "WITA", "09.00"),
        ("kabupaten-sidoarjo", "WIB", "08.00"),
        ("kota-jayapura", "WIT", "10.00"),
    ],
)
def test_times_are_shown_in_the_event_zone(slug, abbreviation, hour):
    host = Member.objects.get(slug=slug)
    start = datetime.datetime(2019, 9, 3, 1, 0, tzinfo=UTC)  # 09.00 WITA
    event = EventFactory(host=host, time_zone="", start=start, end=start)
    html = Template('{{ e.start_local|date:"H.i" }} {{ e.zone_abbreviation }}').render(
        Context({"e": event})
    )
    assert html == f"{hour} {abbreviation}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Selasa, 3 September 2019"), ("en", "Tuesday, 3 September 2019")],
)
def test_dates_follow_the_visitor_language(kupang, language, expected):
    # 23.30 UTC on the 2nd is already the 3rd in Kupang.
    start = datetime.datetime(2019, 9, 2, 23, 30, tzinfo=UTC)
    event = EventFactory(host=kupang, start=start, end=start)
    with translation.override(language):
        html = Template('{{ e.start_local|date:"l, j F Y" }}').render(Context({"e": event}))
    assert html == expected


def test_end_before_start_is_a_validation_error(kupang):
    event = EventFactory.build(host=kupang)
    event.end = event.start - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end" in error.value.message_dict


def test_end_before_start_is_refused_by_the_database(kupang):
    event = EventFactory(host=kupang)
    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(end=event.start - datetime.timedelta(days=1))


def test_cancelled_event_needs_a_notice(kupang):
    event = EventFactory.build(host=kupang, status=Event.Status.CANCELLED, cancellation_notice="")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "cancellation_notice" in error.value.message_dict


def test_queryset_methods(kupang, sidoarjo):
    now = timezone.now()
    soon = EventFactory(host=kupang, start=now + datetime.timedelta(days=2))
    later = EventFactory(host=sidoarjo, start=now + datetime.timedelta(days=9))
    old = EventFactory(
        host=kupang,
        start=now - datetime.timedelta(days=400),
        end=now - datetime.timedelta(days=399),
    )
    older = EventFactory(
        host=kupang,
        start=now - datetime.timedelta(days=800),
        end=now - datetime.timedelta(days=799),
    )
    draft = EventFactory(host=kupang, status=Event.Status.DRAFT)
    cancelled = EventFactory(
        host=kupang, status=Event.Status.CANCELLED, cancellation_notice="Banjir."
    )

    published = set(Event.objects.published())
    assert draft not in published
    assert cancelled in published
    assert list(Event.objects.published().upcoming()) == [soon, later, cancelled]
    assert list(Event.objects.published().past()) == [old, older]
    assert set(Event.objects.for_member(sidoarjo)) == {later}
    ordered = list(Event.objects.published().upcoming_first())
    assert ordered == [soon, later, cancelled, old, older]


def test_registration_state(kupang):
    now = timezone.now()
    event = EventFactory(host=kupang)
    assert event.registration_state(now) == "open"
    event.registration_opens = now + datetime.timedelta(days=1)
    assert event.registration_state(now) == "not-open"
    event.registration_opens = None
    event.registration_closes = now - datetime.timedelta(minutes=1)
    assert event.registration_state(now) == "closed"
    event.registration_closes = None
    event.status = Event.Status.CANCELLED
    assert event.registration_state(now) == "cancelled"
    event.status = Event.Status.DRAFT
    assert event.registration_state(now) == "draft"
    event.status = Event.Status.PUBLISHED
    event.start = now - datetime.timedelta(minutes=5)
    assert event.registration_state(now) == "closed"


def test_article_queryset_hides_drafts_and_scheduled():
    visible = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    assert list(Article.objects.published()) == [visible]


def test_local_conversion_keeps_wall_clock(kupang):
    start = datetime.datetime(2019, 9, 3, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    event = EventFactory(host=kupang, start=start, end=start)
    event.refresh_from_db()
    assert event.start == datetime.datetime(2019, 9, 3, 1, 0, tzinfo=UTC)
    assert event.start_local == datetime.datetime(2019, 9, 3, 9, 0)
