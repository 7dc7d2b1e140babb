"""Checks for what cities type and upload in a practice write-up."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import ngettext_lazy

from core.files import validate_pdf_file
from core.images import validate_image_file

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


def validate_practice_image(file):
    validate_image_file(file, max_bytes=IMAGE_MAX_BYTES)


def validate_pdf(file):
    """A real PDF (by content, not by name) within the attachment size limit."""
    validate_pdf_file(file, max_bytes=PDF_MAX_BYTES)
