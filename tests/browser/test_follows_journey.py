import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from tests.paths import in_indonesian

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def sign_in(page: Page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_follow_a_theme_see_it_on_the_account_page_and_unfollow(live_server, page: Page, demo):
    from follows.models import Follow
    from tests.factories import UserFactory

    user = UserFactory(email="warga@example.go.id")
    page.goto(live_server.url + in_indonesian("practices:list"))
    search = page.get_by_role("search", name="Saring praktik baik")
    theme = search.get_by_label("Tema")
    # Each option carries its facet count: "Layanan Publik Digital (2)".
    expect(theme.locator('option[value="digital-public-services"]')).to_have_text(
        re.compile(r"^Layanan Publik Digital \(\d+\)$")
    )
    theme.select_option("digital-public-services")
    search.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(r"theme=digital-public-services"))
    # A visitor is asked to sign in first.
    expect(
        page.get_by_role("link", name="Masuk untuk mengikuti Layanan Publik Digital")
    ).to_be_visible()
    feed = page.locator('link[rel=alternate][type="application/atom+xml"]')
    expect(feed.last).to_have_attribute(
        "href", in_indonesian("follows:feed-theme", slug="digital-public-services")
    )

    sign_in(page, live_server, user)
    page.reload()
    page.get_by_role("button", name="Ikuti Layanan Publik Digital").click()
    expect(page).to_have_url(
        re.compile(
            re.escape(in_indonesian("practices:list")) + r"\?.*theme=digital-public-services"
        )
    )
    expect(page.get_by_text("Anda sekarang mengikuti Layanan Publik Digital")).to_be_visible()
    expect(
        page.get_by_role("button", name="Mengikuti Layanan Publik Digital · Berhenti mengikuti")
    ).to_be_visible()
    assert Follow.objects.filter(user=user, key="digital-public-services").exists()

    page.goto(live_server.url + in_indonesian("users:account"))
    follows = page.get_by_role("region", name="Yang saya ikuti")
    expect(follows).to_contain_text("Layanan Publik Digital")
    expect(follows.get_by_role("link", name="Umpan Atom")).to_have_attribute(
        "href", in_indonesian("follows:feed-theme", slug="digital-public-services")
    )
    page.screenshot(path="/tmp/i13-account-follows.png", full_page=True)
    follows.get_by_role("button", name="Berhenti mengikuti Layanan Publik Digital").click()
    expect(page.get_by_text("Anda tidak lagi mengikuti Layanan Publik Digital")).to_be_visible()
    expect(page.get_by_role("region", name="Yang saya ikuti")).to_contain_text(
        "Anda belum mengikuti apa pun"
    )
    assert not Follow.objects.filter(user=user).exists()
