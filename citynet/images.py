"""Checks for uploaded images, shared by member logos, practices, events and news.

An upload is accepted only when Pillow really decodes it as JPEG, PNG or WebP,
within a byte size and a pixel count (against decompression bombs).
"""

import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000


def validate_image_file(file, *, max_bytes: int = 5 * 1024 * 1024, max_pixels: int = MAX_PIXELS):
    """Raise ValidationError unless ``file`` is a real, reasonably sized image."""
    if file is None:
        return
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The image is too large (%(size)s). The limit is %(limit)s."),
            code="image_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("The image has too many pixels (%(width)s x %(height)s)."),
                        code="image_too_many_pixels",
                        params={"width": width, "height": height},
                    )
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels."), code="image_too_many_pixels"
        ) from None
    except Exception:
        raise ValidationError(
            _("The file is not a valid image. Upload a JPEG, PNG or WebP picture."),
            code="invalid_image",
        ) from None
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Only JPEG, PNG or WebP images are accepted."), code="image_format")
