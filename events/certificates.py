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


def certificate_pdf(certificate) -> bytes:
    registration = certificate.registration
    event = registration.event
    name = registration.user.get_full_name()
    with translation.override("id"):
        date_id = date_format(event.start_local, "j F Y")
    with translation.override("en"):
        date_en = date_format(event.start_local, "j F Y")
    verify_url = absolute_url(certificate.get_absolute_url())

    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=0)
    pdf.setTitle(f"Sertifikat Kehadiran / Certificate of Attendance – {name}")
    pdf.setAuthor("Citynet Indonesia")
    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(4)
    pdf.rect(28, 28, width - 56, height - 56)
    center = width / 2
    usable = width - 140

    def line(text, y, font="Helvetica", size=14, color=INK):
        pdf.setFillColor(color)
        fitted = _fit(pdf, text, font, size, usable)
        pdf.setFont(font, fitted)
        pdf.drawCentredString(center, y, text)

    line("CITYNET INDONESIA", height - 90, "Helvetica-Bold", 16, ACCENT)
    line("Sertifikat Kehadiran", height - 140, "Helvetica-Bold", 32)
    line("Certificate of Attendance", height - 172, "Helvetica-Oblique", 20)
    line("diberikan kepada / awarded to", height - 220, size=13)
    line(name, height - 262, "Helvetica-Bold", 28)
    line("atas kehadirannya dalam / for attending", height - 300, size=13)
    line(event.title, height - 335, "Helvetica-Bold", 20)
    if event.title_en and event.title_en != event.title:
        line(event.title_en, height - 360, "Helvetica-Oblique", 15)
    line(
        f"{date_id} · tuan rumah {event.host.name}",
        height - 395,
        size=13,
    )
    line(f"{date_en} · hosted by {event.host.name}", height - 413, "Helvetica-Oblique", 12)
    line(
        f"Kode verifikasi / Verification code: {certificate.code}",
        90,
        "Helvetica-Bold",
        12,
    )
    line(f"Periksa keasliannya di / Check it at: {verify_url}", 70, size=10)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
