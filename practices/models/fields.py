"""Field kinds the practice models share: the link to the practice a row belongs to,
where the pictures and documents of a practice are stored and how they are checked,
and the description of a picture."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import pdf_file_field, renditions_image_field

from ..validators import validate_pdf, validate_practice_image

IMAGE_HELP = _("JPEG, PNG or WebP, at most 8 MB.")
PDF_HELP = _("PDF only, at most 15 MB.")


def part_of_practice(related_name: str, verbose_name=None, *, one_to_one: bool = False):
    """The practice a row belongs to (an image, a link, a review, an update): the row
    goes when the practice is deleted."""
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=verbose_name or _("practice"),
    )


def practice_image_field(verbose_name, folder: str, **kwargs) -> models.ImageField:
    """A picture of a practice, stored under ``practices/<folder>/<year>/`` and checked
    by ``validate_practice_image``; its model keeps renditions (``RenditionsMixin``)."""
    return renditions_image_field(
        verbose_name,
        upload_to=f"practices/{folder}/%Y/",
        validator=validate_practice_image,
        **kwargs,
    )


def practice_pdf_field(verbose_name, folder: str, **kwargs) -> models.FileField:
    """A PDF document of a practice, stored under ``practices/<folder>/<year>/`` and
    checked by ``validate_pdf``."""
    return pdf_file_field(
        verbose_name, upload_to=f"practices/{folder}/%Y/", validator=validate_pdf, **kwargs
    )


def alt_text_field(verbose_name, **kwargs) -> models.CharField:
    """What a picture shows, read out by screen readers in place of the picture."""
    return models.CharField(
        verbose_name,
        max_length=250,
        help_text=_("What the picture shows, for people who cannot see it."),
        **kwargs,
    )
