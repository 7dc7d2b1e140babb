import datetime
import io
import json
import re
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from events.models import Article, Event, EventAttachment, EventPhoto
from tests.factories import (
    ArticleFactory,
    EventFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db

LIST_URL = in_indonesian("events:list")


def png_bytes(size=(1200, 800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 110)).save(buffer, "PNG")
    return buffer.getvalue()


def past(days):
    now = timezone.now()
    return {
        "start": now - datetime.timedelta(days=days),
        "end": now - datetime.timedelta(days=days) + datetime.timedelta(hours=3),
    }


def test_list_shows_upcoming_first_then_past(client, kupang):
    old = EventFactory(host=kupang, title="Seminar Lama", **past(400))
    soon = EventFactory(host=kupang, title="Seminar Segera")
    EventFactory(host=kupang, title="Seminar Draf", status=Event.Status.DRAFT)
    page = client.get(LIST_URL).content.decode()
    assert page.index("Kegiatan yang akan datang") < page.index(soon.title)
    assert page.index(soon.title) < page.index("Kegiatan yang sudah lewat") < page.index(old.title)
    assert "Seminar Draf" not in page
    assert "2 kegiatan ditemukan" in page


def test_list_filters_by_year_host_and_kind(client, kupang, sidoarjo):
    EventFactory(host=kupang, title="Di Kupang", kind="workshop")
    EventFactory(host=sidoarjo, title="Di Sidoarjo", kind="seminar", **past(800))
    year = (timezone.now() - datetime.timedelta(days=800)).year
    page = client.get(LIST_URL, {"host": "kota-kupang"}).content.decode()
    assert "Di Kupang" in page and "Di Sidoarjo" not in page
    page = client.get(LIST_URL, {"year": year}).content.decode()
    assert "Di Sidoarjo" in page and "Di Kupang" not in page
    page = client.get(LIST_URL, {"kind": "workshop"}).content.decode()
    assert "Di Kupang" in page and "Di Sidoarjo" not in page


@pytest.mark.parametrize(
    "query",
    [{"year": "abc"}, {"host": "kota-atlantis"}, {"kind": "party"}, {"year": "99999"}],
)
def test_bad_filter_values_are_shown_as_form_errors(client, kupang, query):
    EventFactory(host=kupang, title="Tetap Tampil")
    response = client.get(LIST_URL, query)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "tidak dipahami" in page
    assert "Tetap Tampil" in page


def test_page_out_of_range_is_404(client, kupang):
    EventFactory(host=kupang)
    assert client.get(LIST_URL, {"page": 5}).status_code == HTTPStatus.NOT_FOUND
    assert client.get(LIST_URL, {"page": "x"}).status_code == HTTPStatus.NOT_FOUND


def test_unknown_and_draft_event_are_404(client, kupang):
    draft = EventFactory(host=kupang, status=Event.Status.DRAFT)
    assert (
        client.get(reverse("events:detail", kwargs={"slug": "tidak-ada"})).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_secretariat_can_see_a_draft_event(client, kupang, secretariat_user):
    from django.contrib.auth.models import Group

    assert (
        Group.objects.get(name="Sekretariat").permissions.filter(codename="change_event").exists()
    )
    draft = EventFactory(host=kupang, status=Event.Status.DRAFT)
    client.force_login(secretariat_user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "hanya dapat dilihat oleh Sekretariat" in response.content.decode()


def test_event_page_shows_time_in_its_zone_programme_and_news(client, kupang, sidoarjo):
    start = datetime.datetime(2030, 9, 3, 1, 0, tzinfo=datetime.UTC)
    event = EventFactory(host=kupang, start=start, end=start + datetime.timedelta(hours=3))
    session = SessionFactory(event=event, title="Sambutan", start=start)
    SpeakerFactory(session=session, name="Jefri Riwu Kore", title="Wali Kota Kupang")
    SpeakerFactory(session=session, name="Saiful Ilah", member=sidoarjo)
    article = ArticleFactory(event=event, title="Berita Seminar")
    ArticleFactory(event=event, title="Berita Draf", status=Article.Status.DRAFT)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Selasa, 3 September 2030" in page
    assert "09.00–12.00 WITA" in page
    assert "09.00 WITA" in page  # the session
    assert "Jefri Riwu Kore, Wali Kota Kupang" in page
    assert sidoarjo.get_absolute_url() in page
    assert article.get_absolute_url() in page
    assert "Berita Draf" not in page
    english = client.get(in_english("events:detail", slug=event.slug)).content.decode()
    assert "Tuesday, 3 September 2030" in english


def test_cancelled_event_shows_a_notice(client, kupang):
    event = EventFactory(
        host=kupang, status=Event.Status.CANCELLED, cancellation_notice="Ditunda karena banjir."
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Kegiatan ini dibatalkan" in page
    assert "Ditunda karena banjir." in page
    assert "https://schema.org/EventCancelled" in page


def test_event_page_has_json_ld_with_nonce_and_open_graph(client, kupang):
    event = EventFactory(host=kupang, title="Seminar </script><b>x</b>")
    response = client.get(event.get_absolute_url())
    page = response.content.decode()
    match = re.search(
        r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', page, re.S
    )
    assert match, "JSON-LD block missing"
    nonce, raw = match.groups()
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert "</script><b>" not in raw
    data = json.loads(raw)
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Ruang Rapat Garuda"
    assert data["startDate"].endswith("+08:00")
    assert any(org["name"] == "Kota Kupang" for org in data["organizer"])
    assert '<meta property="og:title"' in page
    assert '<meta property="og:url" content="http://testserver/id/events/' in page


def test_member_profile_lists_hosted_events(client, kupang):
    event = EventFactory(host=kupang, title="Pertemuan di Kupang")
    EventFactory(host=kupang, title="Rahasia", status=Event.Status.DRAFT)
    page = client.get(kupang.get_absolute_url()).content.decode()
    assert "Kegiatan yang diselenggarakan" in page
    assert event.title in page
    assert "Rahasia" not in page


def test_attachment_is_a_pdf_download(client, kupang):
    event = EventFactory(host=kupang)
    attachment = EventAttachment.objects.create(
        event=event,
        title="Materi paparan",
        file=SimpleUploadedFile("paparan.pdf", b"%PDF-1.4\n%test\n", "application/pdf"),
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Materi paparan" in page
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_attachment_of_a_draft_event_is_404(client, kupang):
    event = EventFactory(host=kupang, status=Event.Status.DRAFT)
    attachment = EventAttachment.objects.create(
        event=event, title="Rahasia", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")
    )
    assert client.get(attachment.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_attachment_must_really_be_a_pdf(kupang):
    from django.core.exceptions import ValidationError

    from events.validators import validate_pdf

    with pytest.raises(ValidationError, match="bukan dokumen PDF"):
        validate_pdf(SimpleUploadedFile("fake.pdf", b"<html>not a pdf</html>"))
    with pytest.raises(ValidationError, match="terlalu besar"):
        validate_pdf(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 100), max_bytes=50)
    validate_pdf(SimpleUploadedFile("ok.pdf", b"%PDF-1.7\n1 0 obj\nendobj\n%%EOF\n"))


def test_photos_are_reencoded_with_renditions(client, kupang):
    event = EventFactory(host=kupang)
    photo = EventPhoto(event=event, caption="Peserta seminar")
    photo.image = SimpleUploadedFile("foto.png", png_bytes(), "image/png")
    photo.full_clean()
    photo.save()
    assert photo.width == 1200
    assert "400w" in photo.srcset
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'alt="Peserta seminar"' in page


def test_news_list_and_article(client, kupang):
    event = EventFactory(host=kupang, title="Seminar Kupang")
    newer = ArticleFactory(title="Berita Baru", event=event)
    older = ArticleFactory(
        title="Berita Lama", published_at=timezone.now() - datetime.timedelta(days=3)
    )
    ArticleFactory(title="Berita Draf", status=Article.Status.DRAFT)
    page = client.get(reverse("news:list")).content.decode()
    assert page.index(newer.title) < page.index(older.title)
    assert "Berita Draf" not in page
    article_page = client.get(newer.get_absolute_url()).content.decode()
    assert event.get_absolute_url() in article_page
    assert 'property="article:published_time"' in article_page
    data = json.loads(
        re.search(r'application/ld\+json" nonce="[^"]+">(.*?)</script>', article_page, re.S)[1]
    )
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Berita Baru"


def test_article_in_another_language_sets_lang(client):
    article = ArticleFactory(language="en", title="Kupang hosts the network")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<article class="news-article" lang="en">' in page
    page = client.get(in_english("news:detail", slug=article.slug)).content.decode()
    assert '<article class="news-article">' in page


def test_draft_article_is_404_and_preview_is_for_staff(client, user, secretariat_user):
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Belum Terbit")
    preview_url = reverse("news:preview", args=[draft.pk])
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client.get(preview_url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(user)
    assert client.get(preview_url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(secretariat_user)
    response = client.get(preview_url)
    assert response.status_code == HTTPStatus.OK
    assert "Belum Terbit" in response.content.decode()
    assert "Pratinjau" in response.content.decode()


def test_news_page_out_of_range_is_404(client):
    ArticleFactory()
    assert client.get(reverse("news:list"), {"page": 3}).status_code == HTTPStatus.NOT_FOUND


# Query counts stay flat as the data grows.


@pytest.mark.parametrize("size", [2, 15])
def test_event_list_query_count(client, kupang, sidoarjo, django_assert_num_queries, size):
    for index in range(size):
        EventFactory(host=kupang if index % 2 else sidoarjo)
    # session + user lookup are absent for anonymous visitors: count, page, host choices
    with django_assert_num_queries(3):
        response = client.get(LIST_URL)
    assert response.status_code == HTTPStatus.OK
    assert f"{size} kegiatan ditemukan" in response.content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_event_page_query_count(client, kupang, django_assert_num_queries, size):
    event = EventFactory(host=kupang)
    for _ in range(size):
        SpeakerFactory(session=SessionFactory(event=event), member=kupang)
        ArticleFactory(event=event)
    # event, sessions, speakers, session slides, attachments, photos, articles, practices,
    # seats
    with django_assert_num_queries(9):
        response = client.get(event.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert event.title in page
    assert page.count("Berita Uji") >= size


@pytest.mark.parametrize("size", [2, 15])
def test_news_list_query_count(client, django_assert_num_queries, size):
    for _ in range(size):
        ArticleFactory()
    # the count, when the next scheduled article is due (the count holds until then), the rows
    with django_assert_num_queries(3):
        response = client.get(reverse("news:list"))
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('class="card article-card') == min(size, 10)
    # A parameter no page understands skips the page cache: the count and the cards come
    # from the shared cache all the same.
    with django_assert_num_queries(0):
        again = client.get(reverse("news:list"), {"utm_source": "x"})
    assert again.content.decode().count('class="card article-card') == min(size, 10)


def test_a_scheduled_article_joins_the_news_list_when_it_is_due(client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    ArticleFactory(title="Sudah terbit")
    due = timezone.now() + timedelta(hours=1)
    ArticleFactory(title="Terjadwal", published_at=due)
    page = client.get(reverse("news:list"), {"utm_source": "a"}).content.decode()
    assert "Sudah terbit" in page and "Terjadwal" not in page
    later = due + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = client.get(reverse("news:list"), {"utm_source": "b"}).content.decode()
    assert "Sudah terbit" in page and "Terjadwal" in page


@pytest.mark.parametrize("size", [1, 12])
def test_member_profile_query_count_with_hosted_events(
    client, kupang, django_assert_num_queries, size
):
    for _ in range(size):
        EventFactory(host=kupang)
    # member, officer terms, hosted events (bounded, host joined), published practices,
    # replications both ways
    with django_assert_num_queries(5):
        response = client.get(kupang.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Kota Kupang" in page
    assert page.count("Seminar Uji") == min(size, 10)


def test_cover_that_is_not_an_image_is_refused():
    from django.core.exceptions import ValidationError

    article = ArticleFactory.build()
    article.cover = SimpleUploadedFile("sampul.jpg", b"GIF89a not really", "image/jpeg")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "cover" in error.value.message_dict


def test_article_cover_gets_renditions_and_caption(client):
    article = ArticleFactory(cover_caption="Suasana seminar", cover_credit="Humas Kupang")
    article.cover = SimpleUploadedFile("sampul.png", png_bytes(), "image/png")
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'alt="Suasana seminar"' in page
    assert "Foto: Humas Kupang" in page
    assert "800w" in page
    assert '<meta property="og:image" content="http://testserver/media/news/covers/' in page


def test_programme_without_times_is_headed_by_order_not_time(client, kupang):
    event = EventFactory(host=kupang)
    SessionFactory(event=event, title="Sambutan", start=None)
    page = client.get(event.get_absolute_url()).content.decode()
    assert '<th scope="col">Urutan</th>' in page
    assert '<th scope="col">Waktu</th>' not in page
    timed = EventFactory(host=kupang)
    SessionFactory(event=timed, title="Pembukaan", start=timed.start)
    page = client.get(in_english("events:detail", slug=timed.slug)).content.decode()
    assert '<th scope="col">Time</th>' in page
