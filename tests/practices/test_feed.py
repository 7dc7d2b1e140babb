import datetime
from http import HTTPStatus

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from tests.factories import PracticeFactory, PublishedPracticeFactory
from tests.paths import in_indonesian

pytestmark = pytest.mark.django_db

FEED_URL = in_indonesian("practices:feed")


def test_feed_lists_published_practices(client, kupang):
    PublishedPracticeFactory(
        member=kupang, title="Bank sampah", summary="Warga **menabung** sampah."
    )
    PracticeFactory(member=kupang, title="Draf")
    response = client.get(FEED_URL)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Bank sampah"]
    entry = feed.entries[0]
    assert reverse("practices:list") in entry.link
    assert entry.author == "Kota Kupang"
    assert "Warga menabung sampah." in entry.summary
    assert "<strong>" not in entry.summary


def test_feed_supports_conditional_get(client, kupang):
    practice = PublishedPracticeFactory(member=kupang)
    response = client.get(FEED_URL)
    last_modified = response["Last-Modified"]
    assert (
        client.get(FEED_URL, headers={"if-modified-since": last_modified}).status_code
        == HTTPStatus.NOT_MODIFIED
    )
    practice.title = "Baru"
    practice.save()
    later = http_date((timezone.now() - datetime.timedelta(days=1)).timestamp())
    assert client.get(FEED_URL, headers={"if-modified-since": later}).status_code == HTTPStatus.OK


def test_empty_feed_is_valid(client):
    feed = feedparser.parse(client.get(FEED_URL).content)
    assert not feed.bozo
    assert feed.entries == []
