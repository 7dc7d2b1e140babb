"""The attendance certificate as a PDF (ReportLab), in Indonesian and English."""

import io

from django.utils import translation
from django.utils.formats import date_format
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from core.links import absolute_url

INK = HexColor("#1d2b36")
ACCENT = HexColor("#0b6e4f")


def _fit(pdf, text, font, size, max_width, minimum=10):
    while size > minimum and pdf.stringWidth(text, font, size) > max_width:
        size -= 1
    return size


def _certificate_lines(certificate, height) -> list[tuple]:
    """(text, y, font, size, colour) of each centred line, in both languages."""
    registration = certificate.registration
    event = registration.event
    name = registration.user.get_full_name()
    with translation.override("id"):
        date_id = date_format(event.start_local, "j F Y")
    with translation.override("en"):
        date_en = date_format(event.start_local, "j F Y")
    verify_url = absolute_url(certificate.get_absolute_url())
    lines = [
        ("CITYNET INDONESIA", height - 90, "Helvetica-Bold", 16, ACCENT),
        ("Sertifikat Kehadiran", height - 140, "Helvetica-Bold", 32, INK),
        ("Certificate of Attendance", height - 172, "Helvetica-Oblique", 20, INK),
        ("diberikan kepada / awarded to", height - 220, "Helvetica", 13, INK),
        (name, height - 262, "Helvetica-Bold", 28, INK),
        ("atas kehadirannya dalam / for attending", height - 300, "Helvetica", 13, INK),
        (event.title, height - 335, "Helvetica-Bold", 20, INK),
    ]
    if event.title_en and event.title_en != event.title:
        lines.append((event.title_en, height - 360, "Helvetica-Oblique", 15, INK))
    return [
        *lines,
        (f"{date_id} · tuan rumah {event.host.name}", height - 395, "Helvetica", 13, INK),
        (f"{date_en} · hosted by {event.host.name}", height - 413, "Helvetica-Oblique", 12, INK),
        (f"Kode verifikasi / Verification code: {certificate.code}", 90, "Helvetica-Bold", 12, INK),
        (f"Periksa keasliannya di / Check it at: {verify_url}", 70, "Helvetica", 10, INK),
    ]


def certificate_pdf(certificate) -> bytes:
    name = certificate.registration.user.get_full_name()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=0)
    pdf.setTitle(f"Sertifikat Kehadiran / Certificate of Attendance – {name}")
    pdf.setAuthor("Citynet Indonesia")
    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(4)
    pdf.rect(28, 28, width - 56, height - 56)
    for text, y, font, size, color in _certificate_lines(certificate, height):
        pdf.setFillColor(color)
        pdf.setFont(font, _fit(pdf, text, font, size, width - 140))
        pdf.drawCentredString(width / 2, y, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
