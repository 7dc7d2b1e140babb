from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .images import build_renditions, sanitize_image, srcset


class RenditionsMixin(models.Model):
    """An uploaded picture kept clean: re-encoded without metadata on upload, with
    width and height recorded and WebP renditions for ``srcset``.

    Concrete models declare ``image = models.ImageField(..., width_field="width",
    height_field="height", validators=[...])``; set ``image_field_name`` when the field
    has another name."""

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

    def rendition_url(self, min_width: int = 400) -> str:
        """The smallest rendition at least ``min_width`` wide, or the original."""
        field_file = getattr(self, self.image_field_name)
        for item in sorted(self.renditions, key=lambda item: item["width"]):
            if item["width"] >= min_width:
                return field_file.storage.url(item["name"])
        return field_file.url if field_file else ""


class StoredSearchVectorField(SearchVectorField):
    """A tsvector column kept up to date by a database trigger on PostgreSQL (a plain,
    unused column on SQLite). The lookups it needs are registered by
    django.contrib.postgres.search itself, so the whole django.contrib.postgres app need
    not be installed."""

    def check(self, **kwargs):
        return [error for error in super().check(**kwargs) if error.id != "postgres.E005"]
