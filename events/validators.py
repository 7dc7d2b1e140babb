from core.files import validate_pdf_file

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def validate_pdf(file, *, max_bytes: int = MAX_ATTACHMENT_BYTES):
    """A real PDF (by content, not by name) of at most 20 MB."""
    validate_pdf_file(file, max_bytes=max_bytes)
