"""Texts with line breaks and control characters in calendars, feeds, JSON-LD and CSV."""

import csv
import datetime
import io
import json
import re
from http import HTTPStatus

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.markdown import MAX_DEPTH
from events.models import Article
from practices.models import Practice
from tests.factories import ArticleFactory, EventFactory, PracticeFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "Seminar\r\nKota\x0bCerdas\nBaris\x1fbaru"  # PostgreSQL refuses NUL


@pytest.fixture
def hostile_event():
    return EventFactory(
        title=HOSTILE_TITLE,
        venue_name="Aula\nLantai 2",
        venue_address="Jl. Lerik\r\nKupang",
        summary="Ringkasan\n\ndua paragraf\x07",
    )


def test_event_ics_with_line_breaks_in_every_text(client, hostile_event):
    response = client.get(reverse("events:ics", kwargs={"slug": hostile_event.slug}))
    assert response.status_code == HTTPStatus.OK
    calendar = Calendar.from_ical(response.content)
    assert calendar["x-wr-calname"] == "Seminar Kota Cerdas Baris baru"
    item = calendar.walk("VEVENT")[0]
    assert str(item["summary"]) == "Seminar Kota Cerdas Baris baru"
    assert str(item["location"]).startswith("Aula Lantai 2, Jl. Lerik Kupang")
    assert str(item["description"]).startswith("Ringkasan\ndua paragraf\n\nhttp://testserver/")


def test_calendar_feed_with_line_breaks(client, hostile_event):
    response = client.get(reverse("events:calendar"))
    assert response.status_code == HTTPStatus.OK
    item = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(item["summary"]) == "Seminar Kota Cerdas Baris baru"


def test_news_feed_with_control_characters(client):
    ArticleFactory(
        title="Berita\nbaru\x0b", lead="Pembuka\x01 berita", body="Isi\x02", author="Budi\nS"
    )
    response = client.get(reverse("news:feed"))
    assert response.status_code == HTTPStatus.OK
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    entry = feed.entries[0]
    assert entry.title == "Berita baru"
    assert entry.summary == "Pembuka berita"
    assert entry.author == "Budi S"


def test_feed_entries_carry_the_contents_own_date(client):
    published = timezone.now() - datetime.timedelta(days=40)
    article = ArticleFactory(published_at=published)
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    feed = feedparser.parse(client.get(reverse("news:feed")).content)
    updated = datetime.datetime(*feed.entries[0].updated_parsed[:6], tzinfo=datetime.UTC)
    assert abs(updated - published) < datetime.timedelta(seconds=1)


def test_practice_feed_entries_carry_the_publication_date(client):
    published = timezone.now() - datetime.timedelta(days=90)
    PracticeFactory(status=Practice.Status.PUBLISHED, published_at=published, title="Praktik\nbaru")
    response = client.get(reverse("practices:feed"))
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    assert feed.entries[0].title == "Praktik baru"
    updated = datetime.datetime(*feed.entries[0].updated_parsed[:6], tzinfo=datetime.UTC)
    assert abs(updated - published) < datetime.timedelta(seconds=1)


def test_json_ld_is_one_line_per_text(client, hostile_event):
    page = client.get(hostile_event.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    data = json.loads(block.group(1))
    assert data["name"] == "Seminar Kota Cerdas Baris baru"
    assert data["location"]["name"] == "Aula Lantai 2"
    assert data["description"] == "Ringkasan dua paragraf"


def test_registrations_csv_keeps_one_line_a_cell(client, secretariat_user, hostile_event, user):
    user.full_name = "Budi\n=1+1"
    user.save()
    RegistrationFactory(event=hostile_event, user=user, job_title="Kepala\r\n@Dinas")
    client.force_login(secretariat_user)
    url = reverse("admin:events_event_registrations_csv", args=[hostile_event.pk])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode().lstrip("\ufeff"))))
    assert rows[1][:2] == ["Seminar Kota Cerdas Baris baru", "Budi =1+1"]
    assert rows[1][4] == "Kepala @Dinas"
    assert len(rows) == 2


def test_admin_refuses_markdown_nested_too_deeply(client, secretariat_user):
    article = ArticleFactory()
    client.force_login(secretariat_user)
    url = reverse("admin:events_article_change", args=[article.pk])
    data = {
        "title": article.title,
        "slug": article.slug,
        "language": "id",
        "status": Article.Status.PUBLISHED,
        "published_at_0": "2026-01-01",
        "published_at_1": "10:00",
        "lead": article.lead,
        "body": "\n".join("  " * level + "- x" for level in range(MAX_DEPTH + 2)),
        "author": "",
        "cover_caption": "",
        "cover_credit": "",
        "source_name": "",
        "source_url": "",
        "event": "",
    }
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "terlalu dalam" in response.content.decode()
    article.refresh_from_db()
    assert article.body == "Isi berita dengan **Markdown**."


def test_event_attachments_keep_their_size_and_download_like_practice_ones(client):
    import importlib

    from django.apps import apps
    from django.core.files.uploadedfile import SimpleUploadedFile

    from events.models import EventAttachment

    event = EventFactory()
    pdf = b"%PDF-1.4\n%test\n%%EOF\n"
    attachment = EventAttachment.objects.create(
        event=event, title="Materi Paparan", file=SimpleUploadedFile("x.pdf", pdf)
    )
    assert attachment.size == len(pdf)
    EventAttachment.objects.filter(pk=attachment.pk).update(size=0)
    importlib.import_module("events.migrations.0004_attachment_size").fill_sizes(apps, None)
    attachment.refresh_from_db()
    assert attachment.size == len(pdf)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Materi Paparan" in page and "(PDF, 21" in page
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"] == 'attachment; filename="materi-paparan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
