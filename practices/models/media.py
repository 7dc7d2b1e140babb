from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PdfAttachment, RenditionsMixin, pdf_file_field, renditions_image_field

from ..validators import validate_pdf, validate_practice_image
from .practice import Practice

MAX_IMAGES = 10
MAX_ATTACHMENTS = 10


class PracticeImage(RenditionsMixin, models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="images", verbose_name=_("practice")
    )
    image = renditions_image_field(
        _("image"),
        upload_to="practices/images/%Y/",
        validator=validate_practice_image,
        help_text=_("JPEG, PNG or WebP, at most 8 MB."),
    )
    alt_text = models.CharField(
        _("description for screen readers"),
        max_length=250,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or self.alt_text


class PracticeAttachment(PdfAttachment):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("practice")
    )
    file = pdf_file_field(
        _("PDF file"),
        upload_to="practices/attachments/%Y/",
        validator=validate_pdf,
        help_text=_("PDF only, at most 15 MB."),
    )

    def get_absolute_url(self):
        return reverse("practices:attachment", kwargs={"slug": self.practice.slug, "pk": self.pk})


class PracticeLink(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="links", verbose_name=_("practice")
    )
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

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("practice")
    )
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
