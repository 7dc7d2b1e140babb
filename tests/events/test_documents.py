import datetime
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import Event, EventAttachment
from practices.models import Theme
from tests.factories import EventFactory, PracticeFactory, SessionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\nendobj\n%%EOF\n" + b"0" * 2000


def past_event(host, year, **kwargs):
    start = timezone.now().replace(year=year, month=9, day=3)
    return EventFactory(host=host, start=start, end=start + datetime.timedelta(hours=3), **kwargs)


def attach(event, title, session=None):
    return EventAttachment.objects.create(
        event=event, session=session, title=title, file=SimpleUploadedFile("a.pdf", PDF)
    )


@pytest.fixture
def library(kupang, sidoarjo):
    seminar = past_event(kupang, 2019, title="Seminar Kupang 2019")
    attach(seminar, "Laporan Seminar")
    attach(seminar, "Paparan Kota Cerdas", session=SessionFactory(event=seminar, title="Sesi 1"))
    attach(past_event(sidoarjo, 2021, title="Lokakarya Sidoarjo"), "Notulen Lokakarya")
    attach(EventFactory(host=kupang, title="Nanti"), "Belum terjadi")
    attach(past_event(kupang, 2020, status=Event.Status.DRAFT), "Draf rahasia")
    theme = Theme.objects.order_by("pk").first()
    practice = PracticeFactory(presented_at=seminar)
    practice.themes.add(theme)
    return theme


def test_documents_of_past_published_events_with_type_and_size(client, library):
    page = client.get(reverse("events:documents")).content.decode()
    assert "3 dokumen ditemukan" in page
    for title in ("Laporan Seminar", "Paparan Kota Cerdas", "Notulen Lokakarya"):
        assert title in page
    assert "Belum terjadi" not in page and "Draf rahasia" not in page
    assert "PDF, 2,0\xa0KB" in page or "PDF, 2.0\xa0KB" in page
    assert "Sesi 1" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2021"}, ["Notulen Lokakarya"]),
        ({"host": "kota-kupang"}, ["Laporan Seminar", "Paparan Kota Cerdas"]),
    ],
)
def test_filters(client, library, params, expected):
    page = client.get(reverse("events:documents"), params).content.decode()
    shown = [
        t for t in ("Laporan Seminar", "Paparan Kota Cerdas", "Notulen Lokakarya") if t in page
    ]
    assert shown == expected


def test_theme_filter(client, library):
    page = client.get(reverse("events:documents"), {"theme": library.slug}).content.decode()
    assert "Laporan Seminar" in page and "Notulen Lokakarya" not in page


@pytest.mark.parametrize("params", [{"year": "abc"}, {"host": "nowhere"}, {"theme": "x"}])
def test_bad_filter_values_are_a_message_not_a_500(client, library, params):
    response = client.get(reverse("events:documents"), params)
    assert response.status_code == HTTPStatus.OK
    assert "Laporan Seminar" in response.content.decode()


@pytest.mark.parametrize("size", [1, 6])
def test_documents_query_count(client, kupang, django_assert_num_queries, size):
    for number in range(size):
        attach(past_event(kupang, 2019, title=f"Seminar {number}"), f"Dokumen {number}")
    # count, page of documents (event, host, session joined), host and theme choices
    with django_assert_num_queries(4):
        response = client.get(reverse("events:documents"))
    assert "Dokumen 0" in response.content.decode()
