from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import (
    PublicPage,
    Searchable,
    TextLanguage,
    optional_reference,
    renditions_image_field,
    row_version,
    text_language_field,
)

from .events import Event, validate_cover


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now())

    def next_due(self, now):
        """When the next article scheduled after ``now`` is published (None: none is)."""
        scheduled = self.filter(status=Status.PUBLISHED, published_at__gt=now)
        return scheduled.aggregate(due=models.Min("published_at"))["due"]

    def for_event(self, event):
        return self.filter(event=event)

    def latest_first(self):
        return self.order_by("-published_at", "-pk")


class Article(PublicPage, Searchable):
    """A news article, usually about one of the network's events."""

    detail_view = "news:detail"
    markdown_fields = ("lead", "body")

    Status = Status

    Language = TextLanguage

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    language = text_language_field(
        _("language"), help_text=_("The language the article is written in.")
    )
    lead = models.TextField(_("lead"), max_length=600, help_text=_("The opening paragraph."))
    body = models.TextField(_("body"), help_text=_("Markdown: headings, lists, links."))
    cover = renditions_image_field(
        _("cover image"), upload_to="news/covers/", validator=validate_cover, blank=True
    )
    cover_caption = models.CharField(_("cover caption"), max_length=300, blank=True)
    cover_credit = models.CharField(_("cover credit"), max_length=150, blank=True)
    author = models.CharField(
        _("author"), max_length=150, blank=True, help_text=_("The byline, for example a name.")
    )
    source_name = models.CharField(
        _("source"),
        max_length=150,
        blank=True,
        help_text=_("When the facts come from elsewhere: the publication's name."),
    )
    source_url = models.URLField(_("source address"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("published at"),
        default=timezone.now,
        help_text=_("A time in the future schedules the article."),
    )
    event = optional_reference(
        Event,
        _("event"),
        related_name="articles",
        help_text=_("The event the article is about, if any."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="events_article_pub_idx")]

    def __str__(self):
        return self.title

    @property
    def cache_version(self) -> str:
        """Changes whenever anything a news card or feed entry shows changes."""
        return row_version("a", self)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()
