"""Attendance certificates for people marked present at an event."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import user_reference

from .registrations import Registration

# No 0/O or 1/I/L: the code is read off paper and typed in.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_certificate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class Certificate(models.Model):
    registration = models.OneToOneField(
        Registration,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("registration"),
    )
    code = models.CharField(
        _("verification code"), max_length=16, unique=True, default=new_certificate_code
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = user_reference(_("issued by"))

    class Meta:
        verbose_name = _("attendance certificate")
        verbose_name_plural = _("attendance certificates")
        ordering = ["-issued_at", "pk"]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        """The public page that confirms the certificate is genuine."""
        return reverse("certificates:verify", kwargs={"code": self.code})

    def get_download_url(self):
        return reverse("certificates:pdf", kwargs={"code": self.code})
