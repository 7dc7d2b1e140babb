import datetime
import io
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.errors import ServiceError
from events.models import Certificate, Registration
from events.services import certificates_issue
from tests.factories import EventFactory, RegistrationFactory, SecretariatUserFactory, UserFactory
from tests.paths import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_seminar(kupang):
    start = timezone.now() - datetime.timedelta(days=3)
    return EventFactory(
        host=kupang,
        title="Seminar Kota Cerdas",
        title_en="Smart City Seminar",
        start=start,
        end=start + datetime.timedelta(hours=3),
    )


@pytest.fixture
def present(past_seminar):
    registration = RegistrationFactory(
        event=past_seminar, user=UserFactory(full_name="Ani Ndun", language="en")
    )
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=past_seminar.start)
    return registration


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_admin_action_issues_certificates_to_those_present_only(
    past_seminar, present, django_capture_on_commit_callbacks, client
):
    absent = RegistrationFactory(event=past_seminar)
    secretariat = SecretariatUserFactory()
    client.force_login(secretariat)
    data = {"action": "issue_certificates", "_selected_action": [past_seminar.pk], "index": 0}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:events_event_changelist"), data, follow=True)
    page = response.content.decode()
    assert "1 sertifikat diterbitkan" in page
    assert "1 orang terkonfirmasi tidak ditandai hadir" in page
    certificate = Certificate.objects.get()
    assert certificate.registration == present
    assert not Certificate.objects.filter(registration=absent).exists()
    [email] = mail.outbox
    assert email.to == [present.user.email]
    assert email.subject == "Your attendance certificate: Smart City Seminar"
    assert in_english("events:certificate", slug=past_seminar.slug) in email.body

    # Running it again issues nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:events_event_changelist"), data)
    assert Certificate.objects.count() == 1
    assert len(mail.outbox) == 1


def test_no_certificates_before_the_event_ends(kupang):
    event = EventFactory(host=kupang)
    registration = RegistrationFactory(event=event)
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=timezone.now())
    with pytest.raises(ServiceError):
        certificates_issue(event=event, by=None)
    assert not Certificate.objects.exists()


def test_the_pdf_names_the_person_event_date_host_and_code(client, past_seminar, present):
    [certificate], _absent = certificates_issue(event=past_seminar, by=None)
    client.force_login(present.user)
    response = client.get(reverse("events:certificate", kwargs={"slug": past_seminar.slug}))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Sertifikat Kehadiran",
        "Certificate of Attendance",
        "Ani Ndun",
        "Seminar Kota Cerdas",
        "Smart City Seminar",
        "Kota Kupang",
        certificate.code,
        past_seminar.start_local.strftime("%Y"),
        reverse("certificates:verify", kwargs={"code": certificate.code}),
    ):
        assert expected in text, expected

    # The account page links to it.
    assert reverse("events:certificate", kwargs={"slug": past_seminar.slug}) in (
        client.get(reverse("users:account")).content.decode()
    )


def test_verification_page_confirms_name_and_event_only(client, past_seminar, present):
    [certificate], _absent = certificates_issue(event=past_seminar, by=None)
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "Asli" in page
    assert "Ani Ndun" in page and "Seminar Kota Cerdas" in page
    assert present.user.email not in page
    lower = client.get(reverse("certificates:verify", kwargs={"code": certificate.code.lower()}))
    assert lower.status_code == HTTPStatus.OK


@pytest.mark.parametrize("code", ["AAAAAAAAAA", "x" * 200, "%20"])
def test_unknown_certificate_code_is_a_clear_404(client, code):
    response = client.get(reverse("certificates:verify", kwargs={"code": code}))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Tidak ada sertifikat dengan kode" in response.content.decode()


def test_someone_not_present_asking_for_a_certificate_is_told_why(
    client, past_seminar, present, user
):
    certificates_issue(event=past_seminar, by=None)
    RegistrationFactory(event=past_seminar, user=user)
    client.force_login(user)
    response = client.get(
        reverse("events:certificate", kwargs={"slug": past_seminar.slug}), follow=True
    )
    assert response.status_code == HTTPStatus.OK
    assert "sertifikat hanya diberikan kepada orang yang ditandai hadir" in (
        response.content.decode()
    )
    assert Certificate.objects.count() == 1


def test_only_the_holder_and_the_secretariat_download_the_pdf(client, past_seminar, present):
    [certificate], _absent = certificates_issue(event=past_seminar, by=None)
    url = certificate.get_download_url()
    assert client.get(url).status_code == HTTPStatus.FOUND  # sign in first
    client.force_login(UserFactory())
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(present.user)
    assert client.get(url)["Content-Type"] == "application/pdf"
    client.force_login(SecretariatUserFactory())
    assert client.get(url)["Content-Type"] == "application/pdf"
