"""Every public page: unique title and description, canonical, hreflang, Open Graph, lang."""

import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.core.management import call_command

from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db

PAGES = [
    "/{lang}/",
    "/{lang}/members/",
    "/{lang}/members/kota-kupang/",
    "/{lang}/members/kabupaten-sidoarjo/",
    "/{lang}/officers/",
    "/{lang}/events/",
    "/{lang}/events/seminar-sharing-best-practices-citynet-kupang-2019/",
    "/{lang}/news/",
    "/{lang}/news/kupang-tuan-rumah-seminar-best-practices-citynet-2019/",
    "/{lang}/practices/",
    "/{lang}/practices/digitalisasi-layanan-publik-kota-kupang/",
    "/{lang}/search/",
]


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.title, self.lang = {}, [], "", None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content", "")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head(client, path):
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK, path
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_page_has_complete_meta(client, demo, lang):
    titles, descriptions = set(), set()
    for template in PAGES:
        path = template.format(lang=lang)
        page = head(client, path)
        assert page.lang == lang, path
        title = re.sub(r"\s+", " ", page.title).strip()
        assert title and title not in titles, path
        titles.add(title)
        description = page.meta.get("description", "").strip()
        assert len(description) > 30, path
        descriptions.add(description)
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert canonical == [f"http://testserver{path}"]
        alternates = {
            link["hreflang"]: link["href"]
            for link in page.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }
        other = "en" if lang == "id" else "id"
        assert alternates[other] == f"http://testserver{template.format(lang=other)}"
        assert alternates[lang] == f"http://testserver{path}"
        assert "x-default" in alternates
        for key in ["og:title", "og:description", "og:url", "og:image", "og:type"]:
            assert page.meta.get(key), (path, key)
        assert page.meta["og:url"] == f"http://testserver{path}"
        assert page.meta["twitter:card"] == "summary_large_image"
    assert len(descriptions) >= len(PAGES) - 1


def test_article_and_event_share_as_themselves(client, demo):
    article = head(
        client,
        in_indonesian("news:detail", slug="kupang-tuan-rumah-seminar-best-practices-citynet-2019"),
    )
    assert article.meta["og:type"] == "article"
    assert "Kupang" in article.meta["og:title"]
    event = head(
        client,
        in_english("events:detail", slug="seminar-sharing-best-practices-citynet-kupang-2019"),
    )
    assert event.meta["og:title"] == "Seminar dan Sharing Best Practices Citynet"


def test_profile_open_graph_names_the_member(client, demo):
    page = head(client, in_english("members:detail", slug="kota-kupang"))
    assert page.meta["og:title"] == "Kota Kupang"
    assert "East Nusa Tenggara" in page.meta["og:description"]
