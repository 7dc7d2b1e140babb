"""Links without SITE_URL, the SITE_URL check, the language cookie, refusals in the log,
the sitemap's x-default."""

import logging
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from core.links import check_site_url
from tests.factories import AffiliationFactory, EventFactory
from tests.paths import in_english

from .test_settings import settings_value

pytestmark = pytest.mark.django_db

HOST = "localhost:8150"


@pytest.fixture
def no_site_url(settings):
    settings.SITE_URL = ""


def test_pages_link_to_the_requests_host_without_site_url(client, no_site_url):
    page = client.get(reverse("home"), HTTP_HOST=HOST).content.decode()
    assert f'<link rel="canonical" href="http://{HOST}/id/">' in page
    assert "127.0.0.1:8000" not in page
    robots = client.get(reverse("robots"), HTTP_HOST=HOST).content.decode()
    assert f"Sitemap: http://{HOST}/sitemap.xml" in robots


def test_feeds_and_calendars_link_to_the_requests_host(client, no_site_url):
    event = EventFactory()
    ics = client.get(reverse("events:ics", kwargs={"slug": event.slug}), HTTP_HOST=HOST)
    assert f"http://{HOST}{event.get_absolute_url()}".encode() in ics.content
    feed = client.get(reverse("news:feed"), HTTP_HOST=HOST).content.decode()
    assert f"http://{HOST}/id/news/" in feed
    practices = client.get(reverse("practices:feed"), HTTP_HOST=HOST).content.decode()
    assert f"http://{HOST}/id/practices/" in practices


def test_emails_link_to_the_requests_host(
    client, no_site_url, user, django_capture_on_commit_callbacks
):
    event = EventFactory()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:register", kwargs={"slug": event.slug}), HTTP_HOST=HOST)
    assert len(mail.outbox) == 1
    assert f"http://{HOST}{event.get_absolute_url()}" in mail.outbox[0].body


def test_production_requires_site_url():
    with override_settings(DEBUG=False, SITE_URL=""):
        assert [error.id for error in check_site_url(None)] == ["core.E001"]
    with override_settings(DEBUG=False, SITE_URL="https://citynet.id"):
        assert check_site_url(None) == []
    with override_settings(DEBUG=True, SITE_URL=""):
        assert check_site_url(None) == []


def test_language_cookie_is_secure_and_same_site_in_production(client):
    assert settings_value("[s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE]") == [
        True,
        "Lax",
    ]
    assert settings_value("getattr(s, 'LANGUAGE_COOKIE_SECURE', False)", DEBUG="1") is False
    response = client.post(reverse("set_language"), {"language": "en", "next": in_english("home")})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True


def test_a_refusal_is_logged_once_without_traceback(client, kupang, caplog):
    client.force_login(AffiliationFactory(member=kupang).user)
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("practices:new"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "belum memiliki afiliasi yang disetujui" in response.content.decode()
    refusals = [record for record in caplog.records if record.name == "django.request"]
    assert len(refusals) == 1
    assert refusals[0].levelno == logging.WARNING
    assert refusals[0].exc_info is None
    assert "Forbidden" in refusals[0].getMessage()
    assert logging.getLogger("django").handlers == []


def test_sitemap_x_default_is_the_prefixed_page(client):
    response = client.get(reverse("sitemap-section", kwargs={"section": "sections"}))
    content = response.content.decode()
    assert 'hreflang="x-default" href="http://testserver/id/"' in content
    assert 'href="http://testserver/"' not in content
