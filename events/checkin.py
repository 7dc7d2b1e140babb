"""The personal QR code a confirmed registrant shows at the door."""

import io

import segno

from core.links import absolute_url


def absolute_check_in_url(registration) -> str:
    return absolute_url(registration.check_in_url())


def qr_svg(text: str) -> str:
    """An SVG QR code (no inline styles, so the CSP holds) that phones read from a screen
    or a printout."""
    return segno.make(text, error="m").svg_inline(scale=4, omitsize=True, svgclass="qr-code")


def qr_attachment(registration) -> dict:
    """The check-in code as an email attachment (SVG is text, so the queued task's
    arguments stay JSON)."""
    return {
        "filename": "check-in-code.svg",
        "content": _svg_document(absolute_check_in_url(registration)),
        "mimetype": "image/svg+xml",
    }


def _svg_document(text: str) -> str:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=8)
    return buffer.getvalue().decode()
