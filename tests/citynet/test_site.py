from http import HTTPStatus

import pytest
from django.db import DatabaseError
from django.urls import reverse

from practices.models import Practice
from tests.paths import in_english, in_indonesian, reverse_in

pytestmark = pytest.mark.django_db


def test_root_redirects_to_indonesian_by_default(client):
    response = client.get(reverse("root"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == in_indonesian("home")


def test_root_redirects_by_accept_language(client):
    response = client.get(reverse("root"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == in_english("home")


@pytest.mark.parametrize("language", ["id", "en"])
def test_home_page(client, language):
    response = client.get(reverse_in(language, "home"))
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert 'hreflang="id"' in content and 'hreflang="en"' in content
    assert "514" in content


def test_navigation_is_translated(client):
    content = client.get(in_indonesian("home")).content.decode()
    for label in ["Beranda", "Anggota", "Pengurus"]:
        assert label in content
    content = client.get(in_english("home")).content.decode()
    for label in ["Home", "Members", "Officers"]:
        assert label in content


def test_language_switch_keeps_the_page(client):
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": in_indonesian("members:detail", slug="kota-kupang")},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == in_english("members:detail", slug="kota-kupang")


def test_healthz_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}


def test_healthz_reports_database_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["status"] != "ok"


def test_404_page_in_english(client):
    response = client.get(in_english("home") + "no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "We could not find this page" in response.content.decode()


def test_500_page_renders_without_database(rf):
    from citynet.views import server_error

    response = server_error(rf.get(reverse("home")))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert b"500" in response.content


def test_security_headers(client):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_inline_scripts_or_styles(client):
    import re

    for path in [
        reverse("home"),
        reverse("members:list"),
        reverse("members:officers"),
        reverse("members:detail", kwargs={"slug": "kota-kupang"}),
    ]:
        content = client.get(path).content.decode()
        assert " style=" not in content, path
        # Only external scripts; JSON-LD blocks are data, never run, and carry the nonce.
        assert not re.search(
            r'<script(?![^>]*\bsrc=)(?![^>]*type="application/ld\+json" nonce=)[^>]*>', content
        ), path


@pytest.mark.parametrize("size", [1, 12])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, size):
    from tests.factories import ArticleFactory, EventFactory, PublishedPracticeFactory

    for _ in range(size):
        EventFactory()
        ArticleFactory()
        PublishedPracticeFactory()
    # upcoming events, articles, practices (+ their themes), officers, and the four figures
    with django_assert_num_queries(9):
        response = client.get(reverse("home"))
    assert len(response.context["upcoming_events"]) == min(size, 3)


@pytest.mark.parametrize("size", [1, 12])
def test_search_query_count_does_not_grow(client, django_assert_num_queries, size):
    from tests.factories import ArticleFactory, EventFactory, PublishedPracticeFactory

    for n in range(size):
        EventFactory(title=f"Seminar layanan {n}")
        ArticleFactory(title=f"Berita layanan {n}")
        PublishedPracticeFactory(title=f"Praktik layanan {n}")
    # count and page for each of practices, news, events and members
    with django_assert_num_queries(8):
        response = client.get(reverse("search"), {"q": "layanan"})
    assert response.context["total"] >= 3 * size


def test_favicon_ico_points_to_the_site_icon(client):
    response = client.get(reverse("favicon"))
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"].endswith("img/favicon.svg")


def test_404_page_is_not_indexed_and_switches_language(client):
    content = client.get(in_indonesian("home") + "no-such-page/").content.decode()
    assert '<meta name="robots" content="noindex">' in content
    assert 'rel="canonical"' not in content
    # translate_url cannot resolve a missing page; the switch still changes the language
    assert f'href="{in_english("home")}no-such-page/" hreflang="en"' in content


def test_language_switch_on_sign_in_keeps_next_in_the_chosen_language(client):
    login, account = in_indonesian("account_login"), in_indonesian("users:account")
    content = client.get(f"{login}?next={account}").content.decode()
    login, account = in_english("account_login"), in_english("users:account")
    assert f'href="{login}?next={account}" hreflang="en"' in content
    content = client.get(in_indonesian("search", query="q=kota%20kupang")).content.decode()
    assert f'href="{in_english("search", query="q=kota%20kupang")}" hreflang="en"' in content


def test_footer_links_every_public_section(client):
    content = client.get(reverse("members:officers")).content.decode()
    footer = content[content.index('<footer class="site-footer">') :]
    for url, label in [
        (reverse("members:list"), "Direktori anggota"),
        (reverse("events:list"), "Kegiatan"),
        (reverse("news:list"), "Berita"),
        (reverse("practices:list"), "Praktik baik"),
        (reverse("admin:index"), "Masuk Sekretariat"),
    ]:
        assert f'<a href="{url}">{label}</a>' in footer


def test_admin_pages_load_the_portal_admin_stylesheet(admin_client):
    content = admin_client.get(reverse("admin:index")).content.decode()
    assert "css/admin.css" in content
    assert "Citynet Indonesia" in content


def test_403_page_says_why(client, kupang):
    from tests.factories import (
        AffiliationFactory,
        ApprovedAffiliationFactory,
        PublishedPracticeFactory,
    )

    editor = ApprovedAffiliationFactory(member=kupang).user
    practice = PublishedPracticeFactory(member=kupang, status=Practice.Status.SUBMITTED)
    client.force_login(editor)
    response = client.get(in_indonesian("practices:edit", slug=practice.slug))
    assert response.status_code == HTTPStatus.FORBIDDEN
    content = response.content.decode()
    assert "Status praktik ini “Diajukan untuk ditinjau”" in content
    assert "pastikan afiliasi Anda" not in content
    # A pending affiliation: the reason names who may write
    client.force_login(AffiliationFactory(member=kupang).user)
    content = client.get(in_english("practices:new")).content.decode()
    assert "Your account has no approved affiliation with a member city yet." in content
