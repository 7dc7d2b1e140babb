from django.contrib.sitemaps import Sitemap

from .models import Practice


class PracticeSitemap(Sitemap):
    """Published practices, in both languages (``i18n`` with ``alternates`` gives the
    hreflang links). For the lead to add to the site's sitemap index."""

    changefreq = "monthly"
    priority = 0.7
    i18n = True
    alternates = True

    def items(self):
        return Practice.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at
