"""An event's optional English title, summary and description are used wherever the event
shows in English (cards, search, feeds, calendars, JSON-LD, emails, the digest), and the
Indonesian texts everywhere else; an event without them shows its Indonesian texts with the
language marked. Cached cards and calendar entries are kept apart per language."""

import datetime
import json
import re
from http import HTTPStatus

import feedparser
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from events.services import registration_create
from follows.digest import digests_build, week_start
from follows.models import Follow
from tests.factories import ArticleFactory, EventFactory, UserFactory
from tests.paths import in_english, in_indonesian, reverse_in

pytestmark = pytest.mark.django_db

TITLE_ID = "Seminar Pengelolaan Sampah"
TITLE_EN = "Waste Management Seminar"
SUMMARY_ID = "Kota-kota berbagi cara memilah sampah."
SUMMARY_EN = "Cities share how they sort their waste."


@pytest.fixture
def seminar(kupang):
    return EventFactory(
        host=kupang,
        slug="seminar-sampah",
        title=TITLE_ID,
        title_en=TITLE_EN,
        summary=SUMMARY_ID,
        summary_en=SUMMARY_EN,
        description="Pertemuan **anggota** jaringan.",
        description_en="A meeting of the network's **members**.",
    )


@pytest.fixture
def untranslated(kupang):
    return EventFactory(host=kupang, slug="rapat-tahunan", title="Rapat Tahunan Jaringan")


def json_ld(page: str) -> dict:
    script = re.search(r'application/ld\+json" nonce="[^"]+">(.*?)</script>', page, re.S)
    return json.loads(script[1])


def text(response) -> str:
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("events:list", {}), ("home", {}), ("members:detail", {"slug": "kota-kupang"})],
)
def test_event_cards_use_the_english_texts_in_english_only(client, seminar, name, kwargs):
    # Indonesian first: the English page must not be served the cached Indonesian card.
    with translation.override("id"):
        indonesian = text(client.get(reverse(name, kwargs=kwargs)))
    with translation.override("en"):
        english = text(client.get(reverse(name, kwargs=kwargs)))
    assert TITLE_ID in indonesian and SUMMARY_ID in indonesian
    assert TITLE_EN not in indonesian and SUMMARY_EN not in indonesian
    assert TITLE_EN in english and SUMMARY_EN in english
    assert TITLE_ID not in english
    # Once cached, each language still gets its own card.
    with translation.override("id"):
        assert TITLE_ID in text(client.get(reverse(name, kwargs=kwargs)))
    with translation.override("en"):
        assert TITLE_EN in text(client.get(reverse(name, kwargs=kwargs)))


def test_an_untranslated_card_is_marked_indonesian_on_english_pages(client, untranslated):
    english = text(client.get(in_english("events:list")))
    card = re.search(r'<li class="card event-card"[^>]*>', english)[0]
    assert 'lang="id"' in card
    assert "Rapat Tahunan Jaringan" in english
    indonesian = text(client.get(in_indonesian("events:list")))
    assert 'lang="id"' not in re.search(r'<li class="card event-card"[^>]*>', indonesian)[0]


def test_event_page_texts_og_and_json_ld_in_english(client, seminar):
    page = text(client.get(in_english("events:detail", slug="seminar-sampah")))
    assert f"<h1>{TITLE_EN}</h1>" in page
    assert "Written in Indonesian" not in page
    assert f'<meta property="og:title" content="{TITLE_EN}' in page
    assert f'content="{SUMMARY_EN}' in page  # description and og:description
    assert "<strong>members</strong>" in page
    data = json_ld(page)
    assert (data["name"], data["description"], data["inLanguage"]) == (TITLE_EN, SUMMARY_EN, "en")
    assert data["url"].endswith(in_english("events:detail", slug="seminar-sampah"))

    page = text(client.get(in_indonesian("events:detail", slug="seminar-sampah")))
    assert f"<h1>{TITLE_ID}</h1>" in page and TITLE_EN not in page
    data = json_ld(page)
    assert (data["name"], data["inLanguage"]) == (TITLE_ID, "id")


def test_event_page_without_english_texts_says_written_in_indonesian(client, untranslated):
    page = text(client.get(in_english("events:detail", slug="rapat-tahunan")))
    assert "Written in Indonesian." in page
    assert '<header class="page-header" lang="id">' in page
    data = json_ld(page)
    assert (data["name"], data["inLanguage"]) == ("Rapat Tahunan Jaringan", "id")


def test_search_finds_and_shows_the_english_texts(client, seminar, untranslated):
    response = client.get(in_english("search"), {"q": "waste"})
    events = next(group for group in response.context["groups"] if group.kind == "events")
    assert [(r.title, r.language) for r in events.results] == [(TITLE_EN, "")]
    assert "sort their <mark>waste</mark>" in response.content.decode()

    response = client.get(in_indonesian("search"), {"q": "sampah"})
    events = next(group for group in response.context["groups"] if group.kind == "events")
    assert [r.title for r in events.results] == [TITLE_ID]

    response = client.get(in_english("search"), {"q": "tahunan"})
    events = next(group for group in response.context["groups"] if group.kind == "events")
    assert [(r.title, r.language) for r in events.results] == [("Rapat Tahunan Jaringan", "id")]
    assert '<li lang="id">' in response.content.decode()


def test_search_marks_news_written_in_the_other_language(client):
    ArticleFactory(title="Kupang menjadi tuan rumah", language="id")
    ArticleFactory(title="Kupang hosts the network", language="en")
    response = client.get(in_english("search"), {"q": "kupang"})
    news = next(group for group in response.context["groups"] if group.kind == "news")
    assert {(r.title, r.language) for r in news.results} == {
        ("Kupang menjadi tuan rumah", "id"),
        ("Kupang hosts the network", ""),
    }


def test_member_feed_lists_the_event_in_the_language_of_the_address(client, seminar):
    feed = "follows:feed-member"
    english = feedparser.parse(client.get(in_english(feed, slug="kota-kupang")).content)
    indonesian = feedparser.parse(client.get(in_indonesian(feed, slug="kota-kupang")).content)
    assert [entry.title for entry in english.entries] == [TITLE_EN]
    assert english.entries[0].summary == SUMMARY_EN
    assert english.entries[0].link.endswith(in_english("events:detail", slug="seminar-sampah"))
    assert [entry.title for entry in indonesian.entries] == [TITLE_ID]
    assert indonesian.entries[0].summary == SUMMARY_ID


@pytest.mark.parametrize("name", ["events:calendar", "events:ics"])
def test_calendars_use_the_language_of_the_address(client, seminar, name):
    kwargs = {"slug": seminar.slug} if name == "events:ics" else {}
    entries = {}
    for language in ("id", "en", "id"):  # the second "id" is served from the cache
        with translation.override(language):
            response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == HTTPStatus.OK
        [item] = Calendar.from_ical(response.content).walk("VEVENT")
        entries[language] = item
        assert str(item["url"]).endswith(reverse_in(language, "events:detail", slug=seminar.slug))
    assert str(entries["id"]["summary"]) == TITLE_ID
    assert entries["id"]["summary"].params["LANGUAGE"] == "id"
    assert str(entries["en"]["summary"]) == TITLE_EN
    assert entries["en"]["summary"].params["LANGUAGE"] == "en"
    assert str(entries["en"]["description"]).startswith(SUMMARY_EN)
    assert entries["id"]["uid"] == entries["en"]["uid"]


def test_event_calendar_named_in_english(client, seminar):
    calendar = Calendar.from_ical(client.get(in_english("events:ics", slug=seminar.slug)).content)
    assert str(calendar["x-wr-calname"]) == TITLE_EN


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("en", f"Registration confirmed: {TITLE_EN}"),
        ("id", f"Pendaftaran dikonfirmasi: {TITLE_ID}"),
    ],
)
def test_emails_use_the_recipients_language(seminar, on_commit, language, subject):
    person = UserFactory(language=language)
    # The page language at registration does not matter: the person's language does.
    on_commit(registration_create, event=seminar, user=person, language="id")
    [message] = mail.outbox
    assert message.subject == subject
    assert reverse_in(language, "events:detail", slug=seminar.slug) in message.body


def test_news_page_names_the_event_in_english(client, seminar):
    ArticleFactory(event=seminar, slug="berita-sampah", title="Kupang memilah sampah")
    page = text(client.get(in_english("news:detail", slug="berita-sampah")))
    assert f'lang="en">{TITLE_EN}</a>' not in page  # English on an English page: no lang
    assert f">{TITLE_EN}</a>" in page
    data = json_ld(page)
    assert data["about"]["name"] == TITLE_EN


def test_digest_names_events_in_each_persons_language(kupang):
    event = EventFactory(
        host=kupang,
        title=TITLE_ID,
        title_en=TITLE_EN,
        start=timezone.now() + datetime.timedelta(days=10),
    )
    english, indonesian = UserFactory(language="en"), UserFactory(language="id")
    for person in (english, indonesian):
        Follow.objects.create(user=person, kind="member", key=kupang.slug)
    assert event.start.date() > week_start(timezone.localdate())
    built = digests_build(week_start(timezone.localdate()))
    messages = {message["user_id"]: message for message in built}
    assert [item["title"] for item in messages[english.pk]["context"]["events"]] == [TITLE_EN]
    assert [item["title"] for item in messages[indonesian.pk]["context"]["events"]] == [TITLE_ID]


def test_a_partly_translated_event_marks_each_text_in_its_language(client, kupang):
    EventFactory(
        host=kupang,
        slug="setengah",
        title="Seminar Setengah",
        title_en="Half Seminar",
        summary="Ringkasan dalam bahasa Indonesia.",
        description="Deskripsi **lengkap** dalam bahasa Indonesia.",
    )
    page = text(client.get(in_english("events:detail", slug="setengah")))
    assert "<h1>Half Seminar</h1>" in page
    assert '<p class="lead" lang="id">Ringkasan dalam bahasa Indonesia.</p>' in page
    assert '<div class="prose" lang="id"><p>Deskripsi <strong>lengkap</strong>' in page
    assert page.count("Written in Indonesian.") == 1  # above the description only
    card = text(client.get(in_english("events:list")))
    assert '<p lang="id">Ringkasan dalam bahasa Indonesia.</p>' in card
    # In Indonesian nothing is marked.
    page = text(client.get(in_indonesian("events:detail", slug="setengah")))
    assert 'lang="id"' not in page.split("<main", 1)[1]
