from django.urls import path

from . import certificate_views

app_name = "certificates"

urlpatterns = [
    path("<str:code>/", certificate_views.CertificateVerifyView.as_view(), name="verify"),
    path("<str:code>/pdf/", certificate_views.CertificatePdfView.as_view(), name="pdf"),
]
