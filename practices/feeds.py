from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.cache import cached_fragments
from core.markdown import plain_text

from .models import Practice


def latest_change(request, *args, **kwargs):
    """Last-Modified for conditional GET: the newest change to a published practice."""
    return Practice.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PracticeFeed(Feed):
    feed_type = Atom1Feed
    title = _("Citynet Indonesia: best practices")
    subtitle = _("The latest best practices published by Indonesia's cities and regencies.")

    def link(self):
        return reverse("practices:list")

    def items(self):
        practices = list(
            Practice.objects.published()
            .select_related("member")
            .prefetch_related("themes")
            .order_by("-published_at")[:30]
        )
        # The summary's Markdown is turned into text once per version of the practice.
        descriptions = cached_fragments(
            practices, lambda item: plain_text(item.summary), name="practice-feed-entry"
        )
        for practice, description in zip(practices, descriptions, strict=True):
            practice.feed_description = description
        return practices

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.feed_description

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.member.name

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]
