import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from events.services import registration_create
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SecretariatUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat_client(client):
    client.force_login(SecretariatUserFactory())
    return client


@pytest.fixture
def seminar(kupang):
    return EventFactory(host=kupang, title="Lokakarya Kota Cerdas")


def test_confirmed_registrant_has_a_qr_code_on_the_account_page_and_in_the_email(
    client, seminar, user, on_commit
):
    registration = on_commit(registration_create, event=seminar, user=user)
    [email] = mail.outbox
    by_name = {name: (content, mimetype) for name, content, mimetype in email.attachments}
    assert set(by_name) == {"invite.ics", "check-in-code.svg"}
    content, mimetype = by_name["check-in-code.svg"]
    assert mimetype == "image/svg+xml"
    text = content.decode() if isinstance(content, bytes) else content
    assert text.startswith("<?xml") and "<svg" in text

    client.force_login(user)
    page = client.get(reverse("users:account")).content.decode()
    assert 'class="qr-code"' in page
    assert "Kode check-in pribadi Anda" in page
    assert "style=" not in page.split('class="qr-code"', 1)[1].split("</svg>", 1)[0]
    assert registration.check_in_url().startswith(
        reverse("events:check-in", kwargs={"slug": seminar.slug})
    )


def test_waiting_registrant_has_no_qr_code(client, seminar, user):
    RegistrationFactory(event=seminar, user=user, status=Registration.Status.WAITING)
    client.force_login(user)
    assert 'class="qr-code"' not in client.get(reverse("users:account")).content.decode()


def test_staff_open_the_qr_link_and_mark_the_person_present_once(secretariat_client, seminar):
    registration = RegistrationFactory(event=seminar, user=UserFactory(full_name="Ani Ndun"))
    url = registration.check_in_url()
    page = secretariat_client.get(url).content.decode()
    assert "Ani Ndun" in page
    assert "Tandai hadir" in page

    page = secretariat_client.post(url, follow=True).content.decode()
    assert "Ani Ndun ditandai hadir." in page
    registration.refresh_from_db()
    first = registration.checked_in_at
    assert first is not None

    page = secretariat_client.post(url, follow=True).content.decode()
    assert "Ani Ndun sudah check-in pada pukul" in page
    registration.refresh_from_db()
    assert registration.checked_in_at == first


@pytest.mark.parametrize("case", ["forged", "other-event", "expired", "cancelled"])
def test_bad_qr_links_say_why_and_change_nothing(secretariat_client, seminar, kupang, case):
    registration = RegistrationFactory(event=seminar)
    token = registration.check_in_token()
    event = seminar
    expected = "tidak berlaku"
    if case == "forged":
        token = signing.dumps({"r": registration.pk, "e": seminar.pk}, salt="another-salt")
    elif case == "other-event":
        event = EventFactory(host=kupang)
        expected = "kegiatan lain"
    elif case == "expired":
        ended = timezone.now() - datetime.timedelta(days=2)
        type(seminar).objects.filter(pk=seminar.pk).update(
            start=ended - datetime.timedelta(hours=3), end=ended
        )
        expected = "kedaluwarsa"
    elif case == "cancelled":
        Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
        expected = "dibatalkan"
    url = reverse("events:check-in-person", kwargs={"slug": event.slug, "token": token})
    for response in (secretariat_client.get(url), secretariat_client.post(url)):
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert expected in response.content.decode()
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_a_garbage_token_is_a_clear_message_not_a_500(secretariat_client, seminar):
    url = reverse("events:check-in-person", kwargs={"slug": seminar.slug, "token": "x" * 300})
    response = secretariat_client.post(url)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "tidak berlaku" in response.content.decode()


def test_only_the_secretariat_checks_people_in(client, seminar, user):
    registration = RegistrationFactory(event=seminar, user=user)
    urls = [
        registration.check_in_url(),
        reverse("events:check-in", kwargs={"slug": seminar.slug}),
    ]
    for url in urls:
        response = client.post(url, {"registration": registration.pk})
        assert response.status_code == HTTPStatus.FOUND
        assert "/accounts/login/" in response.url
    client.force_login(user)  # the registrant themselves
    for url in urls:
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
        assert (
            client.post(url, {"registration": registration.pk}).status_code == HTTPStatus.FORBIDDEN
        )
    client.force_login(UserFactory(is_staff=True))  # staff outside the secretariat
    assert client.post(urls[0]).status_code == HTTPStatus.FORBIDDEN
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_list_with_search_and_one_tap(secretariat_client, seminar, kupang, sidoarjo):
    ani = RegistrationFactory(event=seminar, user=UserFactory(full_name="Ani Ndun"), member=kupang)
    RegistrationFactory(event=seminar, user=UserFactory(full_name="Budi Santoso"), member=sidoarjo)
    RegistrationFactory(
        event=seminar,
        user=UserFactory(full_name="Citra Waiting"),
        status=Registration.Status.WAITING,
    )
    url = reverse("events:check-in", kwargs={"slug": seminar.slug})

    page = secretariat_client.get(url).content.decode()
    assert "Ani Ndun" in page and "Budi Santoso" in page
    assert "Citra Waiting" not in page
    assert "0 dari 2 orang terkonfirmasi hadir." in page

    page = secretariat_client.get(url, {"q": "sidoarjo"}).content.decode()
    assert "Budi Santoso" in page and "Ani Ndun" not in page

    response = secretariat_client.post(url, {"registration": ani.pk, "q": "ani"}, follow=True)
    page = response.content.decode()
    assert "Ani Ndun ditandai hadir." in page
    assert "1 dari 2 orang terkonfirmasi hadir." in page
    ani.refresh_from_db()
    assert ani.is_present

    for bad in ("", "abc", "999999", "1" * 40):
        page = secretariat_client.post(url, {"registration": bad}, follow=True).content.decode()
        assert "Pendaftaran tersebut tidak ditemukan." in page
    assert Registration.objects.present().count() == 1


def test_check_in_list_query_count(secretariat_client, seminar, django_assert_num_queries):
    url = reverse("events:check-in", kwargs={"slug": seminar.slug})
    RegistrationFactory.create_batch(2, event=seminar)
    secretariat_client.get(url)
    with django_assert_num_queries(9) as small:
        secretariat_client.get(url)
    RegistrationFactory.create_batch(10, event=seminar)
    with django_assert_num_queries(len(small.captured_queries)):
        secretariat_client.get(url)


def test_attendance_is_in_the_csv_export(admin_client, seminar):
    present = RegistrationFactory(event=seminar)
    RegistrationFactory(event=seminar)
    Registration.objects.filter(pk=present.pk).update(
        checked_in_at=seminar.start + datetime.timedelta(minutes=5)
    )
    response = admin_client.get(reverse("admin:events_event_registrations_csv", args=[seminar.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Hadir"
    local = seminar.start_local + datetime.timedelta(minutes=5)
    assert [row[-1] for row in rows[1:]] == [f"{local:%Y-%m-%d %H:%M} WITA", ""]
