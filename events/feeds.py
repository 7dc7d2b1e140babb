from django.db.models import Max
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition

from core.cache import cached_fragments
from core.feeds import ListFeed
from core.links import absolute_url
from core.markdown import plain_text, render_markdown
from core.text import clean_text, one_line

from .models import Article

FEED_SIZE = 20


class FullTextAtomFeed(Atom1Feed):
    """Atom with the article's whole text in <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class ArticleFeed(ListFeed):
    feed_type = FullTextAtomFeed
    title = _("Citynet Indonesia news")
    subtitle = _("News about the seminars and meetings of the Citynet Indonesia network.")
    list_url_name = "news:list"
    feed_url_name = "news:feed"

    def items(self):
        articles = list(Article.objects.published().latest_first()[:FEED_SIZE])
        # The Markdown of each entry is rendered once per version of the article.
        parts = cached_fragments(articles, self.entry_parts, name="news-feed-entry-2")
        for article, (description, content) in zip(articles, parts, strict=True):
            article.feed_description, article.feed_content = description, content
        return articles

    def entry_parts(self, item) -> tuple[str, str]:
        body = f"<p>{escape(item.lead)}</p>{render_markdown(item.body)}"
        if item.source_name:
            body += format_html(
                '<p>{}: <a href="{}">{}</a></p>', _("Source"), item.source_url, item.source_name
            )
        return clean_text(plain_text(item.lead)), clean_text(body)

    def item_guid(self, item):
        # Stable across slug and language changes.
        return absolute_url(f"/news/{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # The article's own date: updated_at also moves when the demo is loaded again.
        return item.published_at

    def item_author_name(self, item):
        return one_line(item.author) or "Citynet Indonesia"

    def item_extra_kwargs(self, item):
        return {"content": item.feed_content}


def _last_modified(request):
    return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


def _etag(request):
    latest = _last_modified(request)
    count = Article.objects.published().count()
    stamp = latest.timestamp() if latest else 0
    return f"{request.LANGUAGE_CODE}-{count}-{stamp}"


article_feed = condition(etag_func=_etag, last_modified_func=_last_modified)(ArticleFeed())
