"""Checks for uploaded images, shared by member logos, practices, events and news.

An upload is accepted only when Pillow really decodes it as JPEG, PNG or WebP,
within a byte size and a pixel count (against decompression bombs).
"""

import io
import warnings
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000


def is_stored(file) -> bool:
    """True for a FieldFile already saved to storage (not a fresh upload)."""
    return getattr(file, "_committed", False) is True


def is_fresh_upload(file, *, max_bytes: int, too_large, code: str) -> bool:
    """True for a file uploaded now, to be checked further; False for none, or for one
    stored earlier (checked when it was uploaded: model validation on a later edit reads
    only fresh uploads). A fresh one over ``max_bytes`` is refused with ``too_large`` (a
    message with ``%(size)s`` and ``%(limit)s``) and ``code``."""
    if file is None or is_stored(file):
        return False
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            too_large,
            code=code,
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    return True


def validate_image_file(file, *, max_bytes: int = 5 * 1024 * 1024, max_pixels: int = MAX_PIXELS):
    """Raise ValidationError unless ``file`` is a real, reasonably sized image (a file
    stored earlier is not read again)."""
    too_large = _("The image is too large (%(size)s). The limit is %(limit)s.")
    if not is_fresh_upload(file, max_bytes=max_bytes, too_large=too_large, code="image_too_large"):
        return
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


RENDITION_WIDTHS = (400, 800, 1600)
MAX_SIDE = 2560
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82, "method": 4},
}


def sanitize_image(file, *, max_side: int = MAX_SIDE) -> ContentFile:
    """Re-encode an uploaded image: orientation applied, metadata (EXIF, GPS, ICC
    comments) dropped, longest side at most ``max_side``. Call after validation."""
    file.seek(0)
    with Image.open(file) as source:
        image_format = source.format
        image = ImageOps.exif_transpose(source)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.thumbnail((max_side, max_side))
        buffer = io.BytesIO()
        image.save(buffer, image_format, **SAVE_OPTIONS[image_format])
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    stem = Path(getattr(file, "name", "image") or "image").stem[:80] or "image"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{extension}")


def build_renditions(storage, name: str, widths=RENDITION_WIDTHS) -> list[dict]:
    """Save WebP copies of the stored image ``name`` at each width narrower than the
    original; return ``[{"name", "width", "height"}, ...]`` for ``srcset``."""
    renditions = []
    with storage.open(name, "rb") as handle, Image.open(handle) as original:
        original.load()
        for width in widths:
            if width >= original.width:
                continue
            copy = original.copy()
            copy.thumbnail((width, width * 10))
            if copy.mode not in ("RGB", "RGBA"):
                copy = copy.convert("RGBA" if "A" in copy.getbands() else "RGB")
            buffer = io.BytesIO()
            copy.save(buffer, "WEBP", **SAVE_OPTIONS["WEBP"])
            stem = Path(name).with_suffix("")
            saved = storage.save(f"{stem}-{width}w.webp", ContentFile(buffer.getvalue()))
            renditions.append({"name": saved, "width": copy.width, "height": copy.height})
    return renditions


def srcset(storage, renditions: list[dict], original_url: str = "", original_width=None) -> str:
    parts = [f"{storage.url(item['name'])} {item['width']}w" for item in renditions]
    if original_url and original_width:
        parts.append(f"{original_url} {original_width}w")
    return ", ".join(parts)
