"""The feeds of followable things link to the host they were asked on when SITE_URL is
unset (development), like every other absolute link, and to SITE_URL when it is set."""

import pytest
from django.urls import reverse

from tests.factories import PublishedPracticeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("site_url", "base"),
    [("", "http://portal.example:8080"), ("https://citynet.id", "https://citynet.id")],
)
def test_a_member_feed_links_to_the_right_host(client, settings, kupang, site_url, base):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = ["portal.example"]
    practice = PublishedPracticeFactory(member=kupang, title="Pasar Digital Kupang")
    feed = client.get(
        reverse("follows:feed-member", kwargs={"slug": kupang.slug}),
        HTTP_HOST="portal.example:8080",
    ).content.decode()
    assert "Pasar Digital Kupang" in feed
    assert f'href="{base}{practice.get_absolute_url()}"' in feed
    assert "127.0.0.1:8000" not in feed
