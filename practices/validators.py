"""Checks for what cities type and upload in a practice write-up."""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from citynet.images import validate_image_file

SUMMARY_MAX_WORDS = 250
IMAGE_MAX_BYTES = 8 * 1024 * 1024
PDF_MAX_BYTES = 15 * 1024 * 1024

WORD_RE = re.compile(r"\S+")


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text or ""))


@deconstructible
class MaxWordsValidator:
    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value):
        words = count_words(value)
        if words > self.limit:
            raise ValidationError(
                ngettext_lazy(
                    "Keep this to at most %(limit)d word (it has %(words)d).",
                    "Keep this to at most %(limit)d words (it has %(words)d).",
                    "limit",
                ),
                code="too_many_words",
                params={"limit": self.limit, "words": words},
            )

    def __eq__(self, other):
        return isinstance(other, MaxWordsValidator) and other.limit == self.limit


def _already_stored(file) -> bool:
    """A file saved earlier (the model is validated again on every edit) was checked
    when it was uploaded; only fresh uploads are read."""
    return getattr(file, "_committed", False) is True


def validate_practice_image(file):
    if _already_stored(file):
        return
    validate_image_file(file, max_bytes=IMAGE_MAX_BYTES)


def validate_pdf(file):
    """Accept only a real PDF: checked by content (the ``%PDF-`` signature near the
    start and an end-of-file marker), not by the name the uploader gave it."""
    if file is None or _already_stored(file):
        return
    size = getattr(file, "size", None)
    if size is not None and size > PDF_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="pdf_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(PDF_MAX_BYTES)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(1024)
        file.seek(max(0, (size or 0) - 2048))
        tail = file.read(2048)
    finally:
        file.seek(position)
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise ValidationError(
            _("The file is not a PDF document. Only PDF attachments are accepted."),
            code="not_pdf",
        )
