from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import (
    BilingualNameMixin,  # also named here by old migrations
    bilingual_name,
    within_range,
)


class Theme(BilingualNameMixin, models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_id, name_en = bilingual_name(120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name_id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("practices:list") + f"?theme={self.slug}"


class SDG(BilingualNameMixin, models.Model):
    """One of the 17 UN Sustainable Development Goals (TPB in Indonesian)."""

    number = models.PositiveSmallIntegerField(
        _("number"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(17)],
    )
    name_id, name_en = bilingual_name(120)

    class Meta:
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        ordering = ["number"]
        constraints = [within_range("number", 1, 17, name="practices_sdg_1_to_17")]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        """The practices list, filtered to the goal."""
        return reverse("practices:list") + f"?sdg={self.number}"
