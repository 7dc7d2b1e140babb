"""Link previews (Open Graph, Twitter cards) and schema.org JSON-LD of practice and member
pages, escaped safely whatever the titles contain."""

import json
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.utils import timezone, translation

from practices.models import Practice
from tests.factories import PracticeFactory

from .conftest import png_upload

pytestmark = pytest.mark.django_db

HOSTILE = 'Bank </script><script>alert("x")</script> <!-- & "Sampah"'


class MetaParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, attrs["content"])


def meta_tags(page: str) -> dict:
    parser = MetaParser()
    parser.feed(page)
    return parser.meta


def json_ld_blocks(response) -> list[dict]:
    page = response.content.decode()
    blocks = re.findall(
        r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', page, re.S
    )
    for nonce, _raw in blocks:
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    return [json.loads(raw) for _nonce, raw in blocks]


def published(**fields):
    return PracticeFactory(status=Practice.Status.PUBLISHED, published_at=timezone.now(), **fields)


def test_practice_page_has_open_graph_and_twitter_card_with_the_cover(client, kupang):
    practice = published(member=kupang, cover=png_upload(width=1200, height=630))
    assert practice.renditions  # the cover has its renditions
    response = client.get(practice.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    meta = meta_tags(response.content.decode())
    assert meta["og:type"] == "article"
    assert meta["og:title"] == practice.title
    assert meta["og:description"] == "Ringkasan singkat tentang praktik ini."
    assert meta["og:url"] == f"http://testserver{practice.get_absolute_url()}"
    image = max(practice.renditions, key=lambda item: item["width"])
    assert meta["og:image"] == f"http://testserver{practice.cover.storage.url(image['name'])}"
    assert meta["og:image:width"] == str(image["width"])
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:title"] == practice.title


def test_practice_without_cover_shares_the_site_image(client, kupang):
    practice = published(member=kupang)
    meta = meta_tags(client.get(practice.get_absolute_url()).content.decode())
    assert meta["og:image"].startswith("http://testserver/static/")
    assert "og-default" in meta["og:image"]
    assert "twitter:image" not in meta


@pytest.mark.parametrize("language", ["id", "en"])
def test_practice_json_ld_is_an_article_by_the_member(client, kupang, language):
    practice = published(member=kupang, cover=png_upload(width=900, height=600))
    with translation.override(language):
        url = practice.get_absolute_url()
    [data] = json_ld_blocks(client.get(url))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == practice.title
    assert data["author"] == {
        "@type": "GovernmentOrganization",
        "name": "Kota Kupang",
        "url": f"http://testserver/{language}/members/kota-kupang/",
    }
    assert data["publisher"]["name"] == "Citynet Indonesia"
    assert data["url"] == f"http://testserver{url}"
    assert data["image"][0].startswith("http://testserver/media/")
    assert data["datePublished"] == practice.published_at.isoformat()


def test_hostile_practice_title_cannot_break_out_of_the_json_ld(client, kupang):
    practice = published(member=kupang, title=HOSTILE, summary="Ringkas </script> & <b>")
    response = client.get(practice.get_absolute_url())
    page = response.content.decode()
    assert '<script>alert("x")' not in page
    assert "<!-- &" not in page
    [data] = json_ld_blocks(response)
    assert data["headline"] == data["name"] == " ".join(HOSTILE.split())
    meta = meta_tags(page)
    assert meta["og:title"] == HOSTILE  # escaped in the attribute, read back unchanged


def test_unpublished_practice_has_no_json_ld(client, editor, kupang):
    practice = PracticeFactory(member=kupang)
    client.force_login(editor)
    response = client.get(practice.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert json_ld_blocks(response) == []
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.parametrize("language", ["id", "en"])
def test_member_profile_json_ld_is_a_government_organization(client, kupang, language):
    with translation.override(language):
        url = kupang.get_absolute_url()
    [data] = json_ld_blocks(client.get(url))
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Kota Kupang"
    assert data["identifier"] == "53.71"
    assert data["url"] == f"http://testserver{url}"
    assert data["address"]["addressRegion"] == "Nusa Tenggara Timur"
    assert data["address"]["addressCountry"] == "ID"


def test_hostile_member_description_is_escaped_in_the_json_ld(client, kupang):
    kupang.description = "Kota </script><script>alert(1)</script>"
    kupang.save()
    response = client.get(kupang.get_absolute_url())
    assert "<script>alert(1)" not in response.content.decode()
    [data] = json_ld_blocks(response)
    assert data["description"] == "Kota </script><script>alert(1)</script>"
