from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def validate_pdf(file, *, max_bytes: int = MAX_ATTACHMENT_BYTES):
    """Accept only a real PDF (by its first bytes, not its name) within the size limit."""
    if file is None:
        return
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        head = file.read(5)
    except (OSError, ValueError):
        head = b""
    finally:
        if position is not None:
            file.seek(position)
    if head != b"%PDF-":
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")
