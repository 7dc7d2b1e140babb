from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError, ServiceForbidden, report_error


def test_a_refusal_is_a_service_error_and_a_403():
    error = ServiceForbidden(_("Only the secretariat reviews practices."), code="secretariat")
    assert isinstance(error, ServiceError)
    assert isinstance(error, PermissionDenied)
    assert error.code == "secretariat"
    assert error.messages == ["Hanya Sekretariat yang meninjau praktik baik."]


def test_report_error_shows_the_message_with_the_object_named():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    report_error(request, ServiceError(_("Please give a reason.")), prefix="Kota Kupang")
    assert [str(message) for message in get_messages(request)] == [
        "Kota Kupang: Mohon isi alasannya."
    ]
