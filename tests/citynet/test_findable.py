import xml.etree.ElementTree as ET
from http import HTTPStatus
from urllib.robotparser import RobotFileParser

import pytest
from django.urls import reverse

from events.models import Article, Event
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_robots_txt_points_to_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    parser = RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]
    private_paths = [
        reverse("admin:index"),
        in_indonesian("users:account"),
        in_english("account_login"),
    ]
    for private in private_paths:
        assert not parser.can_fetch("*", f"http://testserver{private}")
    public_paths = [
        in_indonesian("home"),
        in_english("members:detail", slug="kota-kupang"),
        in_indonesian("members:officers"),
    ]
    for public in public_paths:
        assert parser.can_fetch("*", f"http://testserver{public}")


def sitemap_urls(client):
    index = client.get("/sitemap.xml")
    assert index.status_code == HTTPStatus.OK
    root = ET.fromstring(index.content)
    urls = []
    for location in root.findall("s:sitemap/s:loc", NS):
        response = client.get(location.text.removeprefix("http://testserver"))
        assert response.status_code == HTTPStatus.OK
        urls += ET.fromstring(response.content).findall("s:url", NS)
    return urls


def test_sitemap_lists_pages_in_both_languages_with_alternates(client):
    urls = sitemap_urls(client)
    locations = [url.findtext("s:loc", namespaces=NS) for url in urls]
    assert "http://testserver/id/members/kota-kupang/" in locations
    assert "http://testserver/en/members/kota-kupang/" in locations
    assert "http://testserver/id/officers/" in locations
    assert len([loc for loc in locations if "/members/" in loc]) >= 2 * 514
    kupang = next(
        url
        for url in urls
        if url.findtext("s:loc", namespaces=NS) == "http://testserver/id/members/kota-kupang/"
    )
    alternates = {link.get("hreflang"): link.get("href") for link in kupang.findall("x:link", NS)}
    assert alternates == {
        "id": "http://testserver/id/members/kota-kupang/",
        "en": "http://testserver/en/members/kota-kupang/",
        "x-default": "http://testserver/id/members/kota-kupang/",
    }


def test_x_default_redirects_to_the_visitors_language(client):
    response = client.get("/members/kota-kupang/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == in_indonesian("members:detail", slug="kota-kupang")


def test_sitemap_has_published_events_news_and_practices_only(client):
    from tests.factories import (
        ArticleFactory,
        EventFactory,
        PracticeFactory,
        PublishedPracticeFactory,
    )

    event = EventFactory(slug="seminar-terbit")
    EventFactory(slug="seminar-draf", status=Event.Status.DRAFT)
    article = ArticleFactory(slug="berita-terbit")
    ArticleFactory(slug="berita-draf", status=Article.Status.DRAFT)
    practice = PublishedPracticeFactory(slug="praktik-terbit")
    PracticeFactory(slug="praktik-draf")
    locations = [url.findtext("s:loc", namespaces=NS) for url in sitemap_urls(client)]
    for language in ["id", "en"]:
        assert f"http://testserver/{language}/events/{event.slug}/" in locations
        assert f"http://testserver/{language}/news/{article.slug}/" in locations
        assert f"http://testserver/{language}/events/" in locations
        assert f"http://testserver/{language}/news/" in locations
        assert f"http://testserver/{language}/practices/{practice.slug}/" in locations
        assert f"http://testserver/{language}/practices/" in locations
    assert not [loc for loc in locations if "draf" in loc]


def test_sitemap_goes_through_the_page_cache_rendered_from_the_primary(
    client, django_capture_on_commit_callbacks, django_assert_num_queries, monkeypatch
):
    """The sitemaps are cached by the portal's page cache: rendered from the primary
    (never a lagging replica), invalidated as soon as content changes, the same for
    everyone, and a junk query string creates no entry."""
    from django.core.cache import cache

    from citynet import sitemaps
    from core import db_routers
    from tests.factories import PublishedPracticeFactory, UserFactory

    seen = []
    items = sitemaps.PracticeSitemap.items

    def recording_items(self):
        seen.append(db_routers._primary_reads.get())
        return items(self)

    monkeypatch.setattr(sitemaps.PracticeSitemap, "items", recording_items)
    path = "/sitemap-practices.xml"
    assert client.get(path).status_code == HTTPStatus.OK
    assert seen == [True]
    with django_assert_num_queries(0):
        assert client.get(path).status_code == HTTPStatus.OK
    client.force_login(UserFactory())
    assert client.get(path).status_code == HTTPStatus.OK
    assert seen == [True]  # signed in: the same cached sitemap, not rendered again
    with django_capture_on_commit_callbacks(execute=True):
        practice = PublishedPracticeFactory(slug="praktik-baru")
    assert (
        in_indonesian("practices:detail", slug=practice.slug) in client.get(path).content.decode()
    )
    keys = len(cache._cache)
    assert client.get(path + "?junk=1").status_code == HTTPStatus.OK
    assert len(cache._cache) == keys


def test_sitemap_lists_the_dashboard_and_the_map(client):
    locations = [url.findtext("s:loc", namespaces=NS) for url in sitemap_urls(client)]
    for language in ["id", "en"]:
        assert f"http://testserver/{language}/network/" in locations
        assert f"http://testserver/{language}/members/map/" in locations
