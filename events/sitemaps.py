"""Sitemaps for the lead to add to /sitemap.xml (both languages, with hreflang)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Event


class EventSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().only("slug", "updated_at").order_by("-start")

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().only("slug", "updated_at").latest_first()

    def lastmod(self, item):
        return item.updated_at


class EventsStaticSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self):
        return ["events:list", "news:list"]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "events": EventSitemap,
    "news": ArticleSitemap,
    "events-pages": EventsStaticSitemap,
}
