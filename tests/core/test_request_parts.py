"""What speeds up every request without the page cache: parts that only the code and the
language decide rendered once per process, the language switch's paths remembered. None of
it may serve a stale or someone else's page."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.templatetags.fragments import nav_key
from tests.factories import UserFactory
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db


def test_a_content_change_between_requests_shows_on_the_next_one(
    client, kupang, django_capture_on_commit_callbacks
):
    url = kupang.get_absolute_url()
    assert "Kota Kupang" in client.get(url).content.decode()
    kupang.name = "Kota Kupang Baru"
    with django_capture_on_commit_callbacks(execute=True):
        kupang.save()
    assert "Kota Kupang Baru" in client.get(url).content.decode()


def test_nav_key_is_the_language_and_the_first_segment():
    home, members = in_indonesian("home"), in_indonesian("members:list")
    assert nav_key(home) == home
    assert nav_key(in_indonesian("members:detail", slug="kota-kupang")) == members
    assert nav_key(in_english("practices:list")) == in_english("practices:list")
    assert nav_key(members.rstrip("/")) == members.rstrip("/")


def test_navigation_marks_the_current_section_on_every_page(client):
    cases = [
        ("home", {}, "Beranda"),
        ("members:list", {}, "Anggota"),
        ("members:map", {}, "Anggota"),
        ("members:officers", {}, "Pengurus"),
        ("practices:list", {}, "Praktik baik"),
    ]
    for name, kwargs, label in cases:
        page = client.get(reverse(name, kwargs=kwargs)).content.decode()
        nav = page[page.index('class="nav-list"') : page.index('class="nav-account"')]
        assert nav.count('aria-current="page"') == 1, name
        current = nav[: nav.index('aria-current="page"')].rsplit("<a", 1)[1]
        rest = nav[nav.index('aria-current="page"') :]
        assert rest.split("</a>", 1)[0].endswith(label), (name, current)
    search = client.get(reverse("search")).content.decode()
    nav = search[search.index('class="nav-list"') : search.index('class="nav-account"')]
    assert 'aria-current="page"' not in nav


def test_footer_and_navigation_follow_the_language(client):
    indonesian = client.get(reverse("home")).content.decode()
    with translation.override("en"):
        english = client.get(reverse("home")).content.decode()
        members = reverse("members:list")
    assert f'href="{in_indonesian("members:list")}"' in indonesian
    assert "Direktori anggota" in indonesian
    assert f'href="{members}"' in english and "Member directory" in english
    assert "Direktori anggota" not in english


def test_the_account_links_stay_per_person(client):
    anonymous = client.get(reverse("practices:list")).content.decode()
    assert reverse("account_login") in anonymous and reverse("users:account") not in anonymous
    person = UserFactory()
    client.force_login(person)
    signed_in = client.get(reverse("practices:list")).content.decode()
    assert reverse("users:account") in signed_in and "csrfmiddlewaretoken" in signed_in
    client.logout()
    again = client.get(reverse("practices:list")).content.decode()
    assert reverse("users:account") not in again and "csrfmiddlewaretoken" not in again


def test_the_language_switch_points_to_the_same_page_in_the_other_language(client, kupang):
    page = client.get(kupang.get_absolute_url() + "?tab=x").content.decode()
    with translation.override("en"):
        english = kupang.get_absolute_url()
    assert f'href="{english}?tab=x" hreflang="en"' in page
    with translation.override("en"):
        back = client.get(english).content.decode()
    assert f'href="{kupang.get_absolute_url()}" hreflang="id"' in back
