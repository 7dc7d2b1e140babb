"""The public addresses of the portal, written out once. Every other test asks for a
link with reverse(); this is the one place that says what the links look like, so that
a changed address (which breaks bookmarks, search results and links in sent emails)
is a decision, not an accident."""

import pytest
from django.urls import reverse
from django.utils import translation

# (URL name, kwargs, the path after the language prefix)
PUBLIC_PATHS = [
    ("home", {}, ""),
    ("search", {}, "search/"),
    ("members:list", {}, "members/"),
    ("members:map", {}, "members/map/"),
    ("members:detail", {"slug": "kota-kupang"}, "members/kota-kupang/"),
    ("members:officers", {}, "officers/"),
    ("events:list", {}, "events/"),
    ("events:calendar", {}, "events/calendar.ics"),
    ("events:documents", {}, "events/documents/"),
    ("events:detail", {"slug": "seminar-sampah"}, "events/seminar-sampah/"),
    ("events:register", {"slug": "seminar-sampah"}, "events/seminar-sampah/register/"),
    ("events:cancel", {"slug": "seminar-sampah"}, "events/seminar-sampah/cancel/"),
    ("events:certificate", {"slug": "seminar-sampah"}, "events/seminar-sampah/certificate/"),
    ("events:check-in", {"slug": "seminar-sampah"}, "events/seminar-sampah/check-in/"),
    (
        "events:check-in-person",
        {"slug": "seminar-sampah", "token": "abc"},
        "events/seminar-sampah/check-in/abc/",
    ),
    ("events:ics", {"slug": "seminar-sampah"}, "events/seminar-sampah/event.ics"),
    (
        "events:attachment",
        {"slug": "seminar-sampah", "pk": 7},
        "events/seminar-sampah/attachments/7/",
    ),
    ("news:list", {}, "news/"),
    ("news:feed", {}, "news/feed/"),
    ("news:detail", {"slug": "berita-sampah"}, "news/berita-sampah/"),
    ("certificates:verify", {"code": "ABCD-1234"}, "certificates/ABCD-1234/"),
    ("certificates:pdf", {"code": "ABCD-1234"}, "certificates/ABCD-1234/pdf/"),
    ("practices:list", {}, "practices/"),
    ("practices:new", {}, "practices/new/"),
    ("practices:feed", {}, "practices/feed/"),
    ("practices:detail", {"slug": "bank-sampah"}, "practices/bank-sampah/"),
    ("practices:edit", {"slug": "bank-sampah"}, "practices/bank-sampah/edit/"),
    ("practices:submit", {"slug": "bank-sampah"}, "practices/bank-sampah/submit/"),
    ("practices:withdraw", {"slug": "bank-sampah"}, "practices/bank-sampah/withdraw/"),
    ("practices:delete", {"slug": "bank-sampah"}, "practices/bank-sampah/delete/"),
    ("practices:confirm", {"slug": "bank-sampah"}, "practices/bank-sampah/confirm/"),
    ("practices:revise", {"slug": "bank-sampah"}, "practices/bank-sampah/update/"),
    ("practices:replicate", {"slug": "bank-sampah"}, "practices/bank-sampah/replicate/"),
    (
        "practices:attachment",
        {"slug": "bank-sampah", "pk": 7},
        "practices/bank-sampah/attachments/7/",
    ),
    (
        "practices:remove-image",
        {"slug": "bank-sampah", "pk": 7},
        "practices/bank-sampah/images/7/remove/",
    ),
    ("follows:feed-theme", {"slug": "smart-city"}, "practices/feed/theme/smart-city/"),
    ("follows:feed-sdg", {"number": 11}, "practices/feed/sdg/11/"),
    ("follows:feed-province", {"code": "53"}, "practices/feed/province/53/"),
    ("follows:feed-member", {"slug": "kota-kupang"}, "members/kota-kupang/feed/"),
    ("follows:follow", {}, "follows/follow/"),
    ("follows:unfollow", {}, "follows/unfollow/"),
    ("follows:unsubscribe", {"token": "abc"}, "follows/unsubscribe/abc/"),
    ("network:dashboard", {}, "network/"),
    ("network:csv", {"chart": "themes"}, "network/themes.csv"),
    ("users:account", {}, "account/"),
    ("users:profile", {}, "account/profile/"),
    ("users:affiliation-request", {}, "account/affiliation/"),
    ("opendata:index", {}, "data/"),
    ("opendata:dictionary", {}, "data/dictionary/"),
    ("opendata:download", {"name": "practices", "format": "csv"}, "data/practices.csv"),
    ("account_login", {}, "accounts/login/"),
    ("account_logout", {}, "accounts/logout/"),
    ("account_signup", {}, "accounts/signup/"),
    ("account_email", {}, "accounts/email/"),
    ("account_email_verification_sent", {}, "accounts/confirm-email/"),
    ("account_change_password", {}, "accounts/password/change/"),
    ("account_reset_password", {}, "accounts/password/reset/"),
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(("name", "kwargs", "path"), PUBLIC_PATHS)
def test_public_path(language, name, kwargs, path):
    with translation.override(language):
        assert reverse(name, kwargs=kwargs) == f"/{language}/{path}"


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("root", "/"),
        ("healthz", "/healthz"),
        ("readyz", "/readyz"),
        ("robots", "/robots.txt"),
        ("favicon", "/favicon.ico"),
        ("sitemap", "/sitemap.xml"),
        ("set_language", "/i18n/setlang/"),
        ("api:root", "/api/v1/"),
    ],
)
def test_paths_without_a_language(name, path):
    with translation.override("en"):
        assert reverse(name) == path
