from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core.cache import cached_fragments
from core.feeds import ListFeed
from core.markdown import plain_text
from core.text import clean_text, one_line

from .models import Practice


def latest_change(request, *args, **kwargs):
    """Last-Modified for conditional GET: the newest change to a published practice."""
    return Practice.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PracticeFeed(ListFeed):
    title = _("Citynet Indonesia: best practices")
    subtitle = _("The latest best practices published by Indonesia's cities and regencies.")
    list_url_name = "practices:list"

    def items(self):
        practices = list(Practice.objects.published().for_cards().latest_first()[:30])
        # The summary's Markdown is turned into text once per version of the practice.
        descriptions = cached_fragments(
            practices,
            lambda item: clean_text(plain_text(item.summary)),
            name="practice-feed-entry-2",
        )
        for practice, description in zip(practices, descriptions, strict=True):
            practice.feed_description = description
        return practices

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # The practice's own date: updated_at also moves when the demo is loaded again.
        return item.published_at

    def item_author_name(self, item):
        return item.member.name

    def item_categories(self, item):
        return [one_line(theme.name) for theme in item.themes.all()]
