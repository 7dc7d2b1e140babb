import datetime
from http import HTTPStatus
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Article, Event
from tests.factories import ArticleFactory, EventFactory

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


def test_atom_feed_has_full_text_newest_first(client):
    ArticleFactory(title="Lama", published_at=timezone.now() - datetime.timedelta(days=2))
    ArticleFactory(
        title="Baru",
        body="## Subjudul\n\nIsi **lengkap** <script>alert(1)</script>",
        source_name="republikjatim.com",
        source_url="https://www.republikjatim.com/",
    )
    ArticleFactory(title="Draf", status=Article.Status.DRAFT)
    response = client.get(reverse("news:feed"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Baru", "Lama"]
    content = feed.entries[0].content[0].value
    assert "<strong>lengkap</strong>" in content
    assert "<script>" not in content
    assert "republikjatim.com" in content
    assert feed.entries[0].link.startswith("http://testserver/id/news/berita-uji-")
    assert feed.feed.link == "http://testserver/id/news/"


def test_atom_feed_supports_conditional_get(client, django_capture_on_commit_callbacks):
    ArticleFactory()
    first = client.get(reverse("news:feed"))
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    again = client.get(reverse("news:feed"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    since = client.get(reverse("news:feed"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == HTTPStatus.NOT_MODIFIED
    with django_capture_on_commit_callbacks(execute=True):  # the page cache empties on commit
        ArticleFactory(title="Berita berikutnya")
    changed = client.get(reverse("news:feed"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == HTTPStatus.OK


def test_empty_feed_is_valid(client):
    feed = feedparser.parse(client.get(reverse("news:feed")).content)
    assert feed.bozo == 0
    assert feed.entries == []


def parse_ics(response):
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_event_ics_has_zone_location_url_and_stable_uid(client, kupang):
    start = datetime.datetime(2030, 9, 3, 9, 0, tzinfo=WITA)
    event = EventFactory(host=kupang, start=start, end=start + datetime.timedelta(hours=3))
    response = client.get(reverse("events:ics", kwargs={"slug": event.slug}))
    assert "attachment" in response["Content-Disposition"]
    calendar = parse_ics(response)
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Makassar"]
    [item] = calendar.walk("VEVENT")
    assert item.decoded("DTSTART") == start
    assert item["DTSTART"].params["TZID"] == "Asia/Makassar"
    assert item.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=8)
    assert "Ruang Rapat Garuda" in str(item["LOCATION"])
    assert str(item["URL"]) == f"http://testserver/id/events/{event.slug}/"
    assert str(item["STATUS"]) == "CONFIRMED"
    uid = str(item["UID"])
    event.title = "Judul baru"
    event.slug = "judul-baru"
    event.save()
    again = parse_ics(client.get(reverse("events:ics", kwargs={"slug": "judul-baru"})))
    assert str(again.walk("VEVENT")[0]["UID"]) == uid


def test_calendar_lists_published_events_with_cancelled_status(client, kupang, sidoarjo):
    EventFactory(host=kupang, title="Di Kupang")
    EventFactory(
        host=sidoarjo, title="Batal", status=Event.Status.CANCELLED, cancellation_notice="Banjir."
    )
    EventFactory(host=kupang, title="Draf", status=Event.Status.DRAFT)
    calendar = parse_ics(client.get(reverse("events:calendar")))
    items = {str(item["SUMMARY"]): item for item in calendar.walk("VEVENT")}
    assert set(items) == {"Di Kupang", "Batal"}
    assert str(items["Batal"]["STATUS"]) == "CANCELLED"
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"Asia/Makassar", "Asia/Jakarta"}


def test_ics_of_unknown_or_draft_event_is_404(client, kupang):
    draft = EventFactory(host=kupang, status=Event.Status.DRAFT)
    draft_ics = reverse("events:ics", kwargs={"slug": draft.slug})
    assert client.get(draft_ics).status_code == HTTPStatus.NOT_FOUND
    assert (
        client.get(reverse("events:ics", kwargs={"slug": "tidak-ada"})).status_code
        == HTTPStatus.NOT_FOUND
    )
