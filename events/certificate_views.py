"""Attendance certificates: the public check, the PDF, and a person's own certificate."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from members.permissions import can_check_in

from .certificates import certificate_pdf
from .models import Certificate, Event, Registration

CODE_MAX = 16


def _certificates():
    return Certificate.objects.select_related(
        "registration__user", "registration__event", "registration__event__host"
    )


def _pdf_response(certificate) -> HttpResponse:
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    filename = f"sertifikat-{certificate.registration.event.slug}-{certificate.code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CertificateVerifyView(View):
    """Public: confirms a certificate is genuine, showing only the name and the event."""

    template_name = "events/certificate_verify.html"

    def get(self, request, code):
        code = code.strip().upper()[:CODE_MAX]
        certificate = _certificates().filter(code=code).first()
        context = {"certificate": certificate, "code": code}
        return render(request, self.template_name, context, status=200 if certificate else 404)


class CertificatePdfView(LoginRequiredMixin, View):
    """The PDF, for its holder and for the secretariat; anyone else gets 404."""

    def get(self, request, code):
        certificate = get_object_or_404(_certificates(), code=code[:CODE_MAX])
        if certificate.registration.user_id != request.user.pk and not can_check_in(request.user):
            raise Http404
        return _pdf_response(certificate)


class MyCertificateView(LoginRequiredMixin, View):
    """The signed-in person's certificate for an event, or why there is none."""

    def get(self, request, slug):
        event = get_object_or_404(Event.objects.published(), slug=slug)
        registration = (
            Registration.objects.filter(event=event, user=request.user)
            .select_related("certificate")
            .first()
        )
        certificate = getattr(registration, "certificate", None) if registration else None
        if certificate is not None:
            return _pdf_response(_certificates().get(pk=certificate.pk))
        if registration is None or not registration.is_present:
            messages.error(
                request,
                _(
                    "There is no certificate for you: certificates go to people marked "
                    "present at the event."
                ),
            )
        else:
            messages.info(
                request, _("Your certificate has not been issued yet. We will email you.")
            )
        return redirect(event.get_absolute_url())
