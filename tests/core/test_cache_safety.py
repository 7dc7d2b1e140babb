"""No response served to one person carries another person's name, email, CSRF token or
messages, on any cached page; and an edit shows at once on every page that shows it, in
both languages."""

import re
from http import HTTPStatus

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client

from tests.factories import (
    ApprovedAffiliationFactory,
    ArticleFactory,
    EventFactory,
    OfficerTermFactory,
    PublishedPracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _default_language():
    """The test client leaves the last request's language active: put back Indonesian."""
    from django.utils import translation

    yield
    translation.activate("id")


@pytest.fixture
def content(kupang, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice = PublishedPracticeFactory(member=kupang, title="Bank Sampah Digital")
        event = EventFactory(host=kupang, title="Seminar Kota Layak")
        article = ArticleFactory(title="Berita Seminar Kupang")
        OfficerTermFactory(member=kupang, person_name="Ketua Jaringan")
    return {"practice": practice, "event": event, "article": article}


def cached_pages(content) -> list[str]:
    pages = []
    for language in ("id", "en"):
        pages += [
            f"/{language}/",
            f"/{language}/members/",
            f"/{language}/members/?province=53",
            f"/{language}/members/kota-kupang/",
            f"/{language}/officers/",
            f"/{language}/events/",
            f"/{language}/news/",
            f"/{language}/practices/",
            f"/{language}/practices/?theme=digital-public-services",
            f"/{language}/search/?q=kupang",
            f"/{language}/news/feed/",
            f"/{language}/practices/feed/",
            f"/{language}/events/calendar.ics",
        ]
        with _language(language):
            pages += [
                content["practice"].get_absolute_url(),
                content["event"].get_absolute_url(),
                content["article"].get_absolute_url(),
                content["event"].get_absolute_url() + "event.ics",
            ]
    return pages


def _language(code):
    from django.utils import translation

    return translation.override(code)


def person(name: str, email: str, kupang) -> tuple[Client, object]:
    user = UserFactory(full_name=name, email=email)
    ApprovedAffiliationFactory(user=user, member=kupang)
    client = Client()
    client.force_login(user)
    return client, user


def with_message(client: Client, text: str) -> None:
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, text)])


def body(response) -> str:
    if response.get("Content-Encoding") == "gzip":
        import gzip

        return gzip.decompress(response.content).decode()
    return response.content.decode()


def test_nobody_sees_anybody_else_on_a_cached_page(kupang, content):
    alice, _ = person("Alice Andalan", "alice@kupang.test", kupang)
    bob, _ = person("Bobby Budiman", "bobby@kupang.test", kupang)
    anonymous = Client()
    secrets = {
        "alice": ["Alice Andalan", "alice@kupang.test", "Pesan rahasia Alice"],
        "bob": ["Bobby Budiman", "bobby@kupang.test", "Pesan rahasia Bob"],
    }
    for path in cached_pages(content):
        seen = {}
        # A first, then B, then anonymous: each one may be served what the one before
        # put into the cache, and again on a second visit.
        for _round in range(2):
            for name, client in (("alice", alice), ("bob", bob), ("anonymous", anonymous)):
                if name != "anonymous":
                    with_message(client, secrets[name][2])
                response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
                assert response.status_code == HTTPStatus.OK, path
                html = body(response)
                others = [
                    text for other, texts in secrets.items() if other != name for text in texts
                ]
                for text in others:
                    assert text not in html, (path, name, text)
                tokens = set(TOKEN.findall(html))
                if name == "anonymous":
                    assert not tokens, path
                seen.setdefault(name, set()).update(tokens)
                client.cookies.pop("messages", None)
        assert not (seen["alice"] & seen["bob"]), path


def test_an_edit_shows_at_once_in_both_languages(
    client, kupang, content, django_capture_on_commit_callbacks
):
    practice, event, article = content["practice"], content["event"], content["article"]
    signed_in, _ = person("Cahya Cermat", "cahya@kupang.test", kupang)
    for language in ("id", "en"):
        with _language(language):
            urls = {
                "practice": [
                    practice.get_absolute_url(),
                    f"/{language}/practices/",
                    f"/{language}/",
                    f"/{language}/practices/feed/",
                    f"/{language}/search/?q=sampah",
                    f"/{language}/members/kota-kupang/",
                ],
                "event": [
                    event.get_absolute_url(),
                    f"/{language}/events/",
                    f"/{language}/",
                    f"/{language}/events/calendar.ics",
                    f"/{language}/members/kota-kupang/",
                ],
                "article": [
                    article.get_absolute_url(),
                    f"/{language}/news/",
                    f"/{language}/",
                    f"/{language}/news/feed/",
                ],
            }
        for who in (client, signed_in):
            for paths in urls.values():
                for path in paths:
                    who.get(path)  # fill the caches
        with django_capture_on_commit_callbacks(execute=True):
            practice.title = f"Bank Sampah Diperbarui {language}"
            practice.save()
            event.title = f"Seminar Diperbarui {language}"
            event.save()
            article.title = f"Berita Diperbarui {language}"
            article.save()
        for who in (client, signed_in):
            for kind, new in (
                ("practice", f"Bank Sampah Diperbarui {language}"),
                ("event", f"Seminar Diperbarui {language}"),
                ("article", f"Berita Diperbarui {language}"),
            ):
                for path in urls[kind]:
                    assert new in body(who.get(path, HTTP_ACCEPT_ENCODING="gzip")), (path, new)
