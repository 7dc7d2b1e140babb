"""Checks for uploaded documents, shared by event and practice attachments."""

import contextlib

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .images import is_fresh_upload


def validate_pdf_file(file, *, max_bytes: int) -> None:
    """Accept only a real PDF: checked by content (the ``%PDF-`` signature near the start
    and an end-of-file marker), not by the name the uploader gave it, within a size."""
    too_large = _("The file is too large (%(size)s). The limit is %(limit)s.")
    if not is_fresh_upload(file, max_bytes=max_bytes, too_large=too_large, code="pdf_too_large"):
        return
    size = getattr(file, "size", None)
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(1024)
        file.seek(max(0, (size or 0) - 2048))
        tail = file.read(2048)
    except (OSError, ValueError):
        head = tail = b""
    finally:
        with contextlib.suppress(OSError, ValueError):
            file.seek(position)
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise ValidationError(
            _("The file is not a PDF document. Only PDF attachments are accepted."),
            code="not_pdf",
        )


def pdf_download(attachment) -> FileResponse:
    """A stored PDF attachment as a download named after its title (404 when the file
    is missing from storage). The caller has checked that the person may see it."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    stem = slugify(attachment.title)[:80] or "document"
    response = FileResponse(
        handle, as_attachment=True, filename=f"{stem}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
