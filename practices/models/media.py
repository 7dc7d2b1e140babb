from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Ordered, PdfAttachment, RenditionsMixin

from .fields import (
    IMAGE_HELP,
    PDF_HELP,
    alt_text_field,
    part_of_practice,
    practice_image_field,
    practice_pdf_field,
)

MAX_IMAGES = 10
MAX_ATTACHMENTS = 10


class PracticeImage(RenditionsMixin, Ordered):
    practice = part_of_practice("images")
    image = practice_image_field(_("image"), "images", help_text=IMAGE_HELP)
    alt_text = alt_text_field(_("description for screen readers"))
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.caption or self.alt_text


class PracticeAttachment(PdfAttachment):
    practice = part_of_practice("attachments")
    file = practice_pdf_field(_("PDF file"), "attachments", help_text=PDF_HELP)

    def get_absolute_url(self):
        return reverse("practices:attachment", kwargs={"slug": self.practice.slug, "pk": self.pk})


class PracticeLink(models.Model):
    practice = part_of_practice("links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address (URL)"), max_length=500)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class PracticeIndicator(models.Model):
    """A result in figures: the value before the practice and after it."""

    practice = part_of_practice("indicators")
    name = models.CharField(
        _("indicator"),
        max_length=200,
        help_text=_("For example: days to issue a birth certificate."),
    )
    before = models.CharField(_("before"), max_length=100)
    after = models.CharField(_("after"), max_length=100)
    unit = models.CharField(_("unit"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("result indicator")
        verbose_name_plural = _("result indicators")
        ordering = ["pk"]

    def __str__(self):
        return self.name
