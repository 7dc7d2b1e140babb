"""/sitemap.xml: every public page in both languages, with hreflang alternates."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

from events.models import Article, Event
from members.models import Member
from practices.models import Practice


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = False  # added in get_urls
    limit = 5000  # URLs a page, both languages counted

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc or super().get_domain(site)

    def get_urls(self, page=1, site=None, protocol=None):
        """x-default is the Indonesian page itself, as on the pages (Django's own
        points to an unprefixed URL that only redirects)."""
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            for alternate in list(url.get("alternates", [])):
                if alternate["lang_code"] == settings.LANGUAGE_CODE:
                    url["alternates"].append(
                        {"location": alternate["location"], "lang_code": "x-default"}
                    )
        return urls


class SectionSitemap(PortalSitemap):
    """The section pages: home and each list."""

    names = [
        "home",
        "members:list",
        "members:officers",
        "events:list",
        "news:list",
        "practices:list",
        "network:dashboard",
        "members:map",
    ]
    changefreq = "daily"

    def items(self):
        available = []
        for name in self.names:
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            available.append(name)
        return available

    def location(self, item):
        return reverse(item)


class PageSitemap(PortalSitemap):
    """The pages of one model: ``rows()`` lists them, each dated by its ``updated_at``."""

    changefreq = "monthly"

    def rows(self):
        raise NotImplementedError

    def items(self):
        return self.rows().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class MemberSitemap(PageSitemap):
    def rows(self):
        return Member.objects.order_by("code")


class EventSitemap(PageSitemap):
    changefreq = "weekly"

    def rows(self):
        return Event.objects.published().order_by("-start")


class ArticleSitemap(PageSitemap):
    def rows(self):
        return Article.objects.published().latest_first()


class PracticeSitemap(PageSitemap):
    def rows(self):
        return Practice.objects.published().order_by("pk")


SITEMAPS = {
    "sections": SectionSitemap,
    "members": MemberSitemap,
    "events": EventSitemap,
    "news": ArticleSitemap,
    "practices": PracticeSitemap,
}
