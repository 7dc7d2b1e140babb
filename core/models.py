from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .images import build_renditions, sanitize_image, srcset
from .markdown import validate_markdown


def unique_slug(queryset, text: str, *, base_length: int = 180, reserved=(), fallback: str) -> str:
    """A slug made from ``text`` that no row of ``queryset`` has yet and that is not
    ``reserved``: ``bank-sampah``, then ``bank-sampah-2``, ``bank-sampah-3``, ..."""
    base = slugify(text)[:base_length].strip("-") or fallback
    slug, number = base, 2
    while slug in reserved or queryset.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


class CleanImageField(models.ImageField):
    """An ImageField whose fresh uploads are re-encoded without metadata (EXIF, GPS, XMP)
    before they are stored, whichever form, admin page or script saved them.

    For images without renditions (member logos); ``RenditionsMixin`` does the same for
    the pictures it keeps renditions of. Migrations see a plain ImageField."""

    def pre_save(self, model_instance, add):
        field_file = getattr(model_instance, self.attname)
        if field_file and not field_file._committed:
            clean = sanitize_image(field_file.file)
            field_file.save(clean.name, clean, save=False)
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


def pdf_file_field(verbose_name, *, upload_to: str, validator, **kwargs) -> models.FileField:
    """A PDF upload: refused unless named ``.pdf`` and accepted by ``validator`` (the
    app's check of the content and size limit, built on ``core.files.validate_pdf_file``)."""
    return models.FileField(
        verbose_name,
        upload_to=upload_to,
        validators=[FileExtensionValidator(["pdf"]), validator],
        **kwargs,
    )


class PdfAttachment(models.Model):
    """A titled PDF document attached to an event or a practice. The concrete model adds
    the owner's ForeignKey and ``file = pdf_file_field(...)`` with its own upload folder
    and size limit; ``core.files.pdf_download`` serves it."""

    title = models.CharField(_("title"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)


class MarkdownFieldsMixin:
    """Model validation (so every ModelForm, the admin's included) refuses Markdown
    fields that are too long or nested too deeply to render; see ``core.markdown``."""

    markdown_fields: tuple[str, ...] = ()

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in self.markdown_fields:
            if (exclude and name in exclude) or name in errors:
                continue
            try:
                validate_markdown(getattr(self, name))
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)


class RenditionsMixin(models.Model):
    """An uploaded picture kept clean: re-encoded without metadata on upload, with
    width and height recorded and WebP renditions for ``srcset``.

    Concrete models declare ``image = renditions_image_field(...)``; set
    ``image_field_name`` when the field has another name."""

    image_field_name = "image"

    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    renditions = models.JSONField(_("renditions"), default=list, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        field_file = getattr(self, self.image_field_name)
        fresh_upload = bool(field_file) and not getattr(field_file, "_committed", True)
        if fresh_upload:
            clean = sanitize_image(field_file.file)
            field_file.save(clean.name, clean, save=False)
        super().save(*args, **kwargs)
        if fresh_upload:
            self.renditions = build_renditions(field_file.storage, field_file.name)
            super().save(update_fields=["renditions"])

    @property
    def srcset(self) -> str:
        field_file = getattr(self, self.image_field_name)
        if not field_file:
            return ""
        return srcset(field_file.storage, self.renditions, field_file.url, self.width)

    def rendition(self, min_width: int = 400) -> dict | None:
        """The smallest rendition at least ``min_width`` wide, or the original, as its
        ``url``, ``width`` and ``height``; None when there is neither."""
        field_file = getattr(self, self.image_field_name)
        for item in sorted(self.renditions, key=lambda item: item["width"]):
            if item["width"] >= min_width:
                url = field_file.storage.url(item["name"])
                return {"url": url, "width": item["width"], "height": item.get("height")}
        if not field_file:
            return None
        return {"url": field_file.url, "width": self.width, "height": self.height}

    def rendition_url(self, min_width: int = 400) -> str:
        """The URL of ``rendition(min_width)``, or an empty string."""
        chosen = self.rendition(min_width)
        return chosen["url"] if chosen else ""


def renditions_image_field(verbose_name, *, upload_to: str, validator, **kwargs):
    """The picture of a ``RenditionsMixin`` model: an ImageField that records its size
    in the mixin's ``width`` and ``height`` and is checked by ``validator``."""
    return models.ImageField(
        verbose_name,
        upload_to=upload_to,
        width_field="width",
        height_field="height",
        validators=[validator],
        **kwargs,
    )


class TextLanguage(models.TextChoices):
    """The language a text (a news article, a practice) is written in."""

    INDONESIAN = "id", _("Indonesian")
    ENGLISH = "en", _("English")


def text_language_field(verbose_name, *, help_text) -> models.CharField:
    """Which ``TextLanguage`` a text is written in: search picks its dictionary by it,
    JSON-LD states it as ``inLanguage``."""
    return models.CharField(
        verbose_name,
        max_length=2,
        choices=TextLanguage.choices,
        default=TextLanguage.INDONESIAN,
        help_text=help_text,
    )


class StoredSearchVectorField(SearchVectorField):
    """A tsvector column kept up to date by a database trigger on PostgreSQL (a plain,
    unused column on SQLite). The lookups it needs are registered by
    django.contrib.postgres.search itself, so the whole django.contrib.postgres app need
    not be installed."""

    def check(self, **kwargs):
        return [error for error in super().check(**kwargs) if error.id != "postgres.E005"]


class UndeliveredEmail(models.Model):
    """A message the mail server did not take after every retry (``core.mail``): kept
    for the secretariat, who see what, to whom and why, and can send it again."""

    subject = models.CharField(_("subject"), max_length=255)
    recipients = models.TextField(_("recipients"))
    message = models.JSONField(_("message"))
    error = models.TextField(_("reason"))
    attempts = models.PositiveSmallIntegerField(_("attempts"))
    failed_at = models.DateTimeField(_("given up at"), auto_now_add=True)
    resent_at = models.DateTimeField(_("sent again at"), null=True, blank=True)

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = _("undelivered email")
        verbose_name_plural = _("undelivered emails")

    def __str__(self):
        return f"{self.subject} → {self.recipients}"

    @property
    def body(self) -> str:
        return self.message.get("body", "")


class SlugPageMixin:
    """``get_absolute_url()`` of a model whose public page is found by its slug, at the
    URL named ``detail_view`` (e.g. ``"events:detail"``)."""

    detail_view = ""

    def get_absolute_url(self):
        return reverse(self.detail_view, kwargs={"slug": self.slug})


class Timestamped(models.Model):
    """When a row was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class PublicPage(SlugPageMixin, MarkdownFieldsMixin, RenditionsMixin, Timestamped):
    """A page of the portal's content (an event, a news article, a practice): found by
    its slug, with Markdown texts and a ``cover`` picture kept with renditions."""

    image_field_name = "cover"

    class Meta:
        abstract = True


def row_version(prefix: str, row, *related) -> str:
    """``<prefix><pk>.<updated_at>[.<updated_at of each related row>]``: a
    ``cache_version`` that changes whenever one of these rows is saved."""
    stamps = ".".join(str(item.updated_at.timestamp()) for item in (row, *related))
    return f"{prefix}{row.pk}.{stamps}"


def end_not_before_start(start: str, end: str, *, name: str) -> models.CheckConstraint:
    """A database check that ``end`` is not before ``start`` when both are known."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=name,
    )


class DateRangeMixin:
    """Model validation refuses an ``end_date`` before the ``start_date`` (either may
    be unknown); pair it with ``end_not_before_start("start_date", "end_date", ...)``."""

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


def user_reference(verbose_name, *, blank: bool = True) -> models.ForeignKey:
    """A link to the person who did something (created, decided, verified, ...): kept,
    empty, when their account is deleted; no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name="+",
        verbose_name=verbose_name,
    )


def user_owner(related_name: str, verbose_name=None, *, one_to_one: bool = False):
    """A link to the person a row belongs to (a follow, an affiliation, a registration):
    the row goes when their account is deleted."""
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=verbose_name or _("user"),
    )


def mail_language_field(*, max_length: int, help_text) -> models.CharField:
    """The language (one of ``settings.LANGUAGES``, Indonesian by default) of the emails
    sent to a person."""
    return models.CharField(
        _("language"),
        max_length=max_length,
        choices=settings.LANGUAGES,
        default="id",
        help_text=help_text,
    )


def status_is(value) -> property:
    """``is_published = status_is(Status.PUBLISHED)``: a property comparing ``status``."""
    return property(lambda self: self.status == value, doc=f"Whether the status is {value}.")


def is_english(language: str | None = None) -> bool:
    """Whether ``language`` (by default the active one) asks for English texts."""
    return (language or get_language() or "id").startswith("en")


def in_language(obj, name: str, language: str | None = None, *, source: str = "") -> str:
    """``obj.<name>_en`` when English is asked for and it is filled in, otherwise the
    Indonesian text ``obj.<source or name>``."""
    english = getattr(obj, f"{name}_en")
    return english if is_english(language) and english else getattr(obj, source or name)


def language_of(obj, name: str, language: str | None = None) -> str:
    """The language ``in_language(obj, name, language)`` shows: "en" or "id"."""
    return "en" if is_english(language) and getattr(obj, f"{name}_en") else "id"


class Translated:
    """A read-only attribute for a text kept in two fields: ``name = Translated("name",
    source="name_id")`` gives ``name_en`` on English pages when it is filled in."""

    def __init__(self, name: str, *, source: str = ""):
        self.name, self.source = name, source

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return in_language(obj, self.name, source=self.source)


class BilingualNameMixin:
    """For models named in ``name_id`` and ``name_en`` (positions, themes, goals,
    criteria): ``name`` is the one of the page's language."""

    name = Translated("name", source="name_id")

    def __str__(self):
        return self.name


def optional_date(verbose_name, **kwargs) -> models.DateField:
    """A day that may be unknown or not apply: NULL in the database, empty in forms."""
    return models.DateField(verbose_name, null=True, blank=True, **kwargs)


def optional_datetime(verbose_name, **kwargs) -> models.DateTimeField:
    """A moment that may be unknown or not apply: NULL in the database, empty in forms."""
    return models.DateTimeField(verbose_name, null=True, blank=True, **kwargs)


class Ordered(models.Model):
    """A row placed by hand among its siblings (speakers, photos, positions): by
    ``order``, then in the order the rows were added. A concrete model that keeps this
    ordering declares ``class Meta(Ordered.Meta)``."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


def cover_alt_field(*, max_length: int, help_text) -> models.CharField:
    """The text alternative of a page's cover picture, read out by screen readers and
    shown when the picture does not load."""
    return models.CharField(
        _("cover image description"), max_length=max_length, blank=True, help_text=help_text
    )


def optional_reference(
    to, verbose_name, *, related_name: str = "+", one_to_one: bool = False, **kwargs
):
    """A link that may be empty: emptied, the row kept, when what it points to is
    deleted (a speaker's member city, the event a news article is about)."""
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        to,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **kwargs,
    )


class Searchable(models.Model):
    """A row the site search finds: ``search_vector`` is filled by a database trigger
    (``core.search_triggers``), never by Django."""

    search_vector = StoredSearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def optional_text(verbose_name, help_text="", **kwargs) -> models.TextField:
    """A text that may be left empty, with ``help_text`` as the hint for whoever writes
    it (the sections of a practice write-up, notes, comments)."""
    return models.TextField(verbose_name, blank=True, help_text=help_text, **kwargs)


def bilingual_name(max_length: int) -> tuple[models.CharField, models.CharField]:
    """The ``name_id`` and ``name_en`` fields a ``BilingualNameMixin`` model reads:
    ``name_id, name_en = bilingual_name(120)``."""
    return (
        models.CharField(_("name (Indonesian)"), max_length=max_length),
        models.CharField(_("name (English)"), max_length=max_length),
    )


def within_range(field: str, low, high, *, name: str) -> models.CheckConstraint:
    """A database check that ``field`` lies from ``low`` to ``high``, both included (the
    field's MinValueValidator and MaxValueValidator say the same to forms)."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": low, f"{field}__lte": high}), name=name
    )


def status_filter(value):
    """``confirmed = status_filter(Status.CONFIRMED)``: a QuerySet method keeping the rows
    whose ``status`` is ``value``; the QuerySet's counterpart of ``status_is``."""

    def method(self):
        return self.filter(status=value)

    method.__doc__ = f"The rows whose status is {value}."
    return method
