"""Durable mail: every message is queued, failures are retried, then kept for the
secretariat with a resend action; a request never fails because mail failed."""

import smtplib
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.mail import MAX_ATTEMPTS, RETRY_DELAYS, message_from_dict, message_to_dict
from core.models import UndeliveredEmail
from tests.paths import in_indonesian

SIGNUP_URL = in_indonesian("account_signup")


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses connections."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class RejectingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient for good (550)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.go.id": (550, b"No such user")})


@pytest.fixture
def refusing_smtp(settings):
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "tests.core.test_mail.RefusingBackend"},
    }


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def signup_data(**overrides):
    data = {
        "email": "maria@kupangkota.go.id",
        "full_name": "Maria Bria Seran",
        "member": "Kota Kupang",
        "job_title": "Kepala Bidang Aplikasi Informatika",
        "password1": "Garuda-Ruang-Rapat-77",
        "password2": "Garuda-Ruang-Rapat-77",
    }
    return {**data, **overrides}


def run_queue():
    """Run every due task in the database queue once, as ``db_worker`` does (the worker
    itself cannot run inside a test transaction on PostgreSQL)."""
    for db_result in list(DBTaskResult.objects.ready()):
        db_result.claim("test-worker")
        result = db_result.task_result
        db_result.set_successful(db_result.task.call(*result.args, **result.kwargs))


def test_message_survives_serialisation():
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        "Subjek", "Isi", "a@citynet.id", ["b@example.go.id"], headers={"X-Tag": "1"}
    )
    message.attach_alternative("<p>Isi</p>", "text/html")
    message.attach("laporan.txt", b"halo", "text/plain")
    copy = message_from_dict(message_to_dict(message))
    assert (copy.subject, copy.body, copy.to) == ("Subjek", "Isi", ["b@example.go.id"])
    assert copy.alternatives[0][0] == "<p>Isi</p>"
    assert copy.extra_headers == {"X-Tag": "1"}
    assert copy.attachments[0][1] == "halo"  # text attachments come back as text


def test_retries_span_more_than_a_day():
    assert sum(RETRY_DELAYS) > 24 * 3600
    assert len(RETRY_DELAYS) + 1 == MAX_ATTEMPTS


def test_sign_up_succeeds_when_the_mail_server_refuses(client, refusing_smtp, db):
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == HTTPStatus.FOUND
    undelivered = UndeliveredEmail.objects.get()
    assert undelivered.recipients == "maria@kupangkota.go.id"
    assert "Connection refused" in undelivered.error
    assert mail.outbox == []


def test_sign_up_queues_the_confirmation_mail(client, database_queue, db):
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == HTTPStatus.FOUND
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "core.mail.deliver_email"
    run_queue()
    assert [m.to for m in mail.outbox] == [["maria@kupangkota.go.id"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_a_failed_send_is_retried_later(client, database_queue, settings, db):
    client.post(SIGNUP_URL, signup_data())
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "tests.core.test_mail.RefusingBackend"},
    }
    before = timezone.now()
    run_queue()
    assert not DBTaskResult.objects.ready().exists()  # not yet due
    task = DBTaskResult.objects.get(status="READY")
    assert task.args_kwargs["kwargs"]["attempt"] == 2
    assert task.run_after >= before + timedelta(seconds=RETRY_DELAYS[0])
    assert not UndeliveredEmail.objects.exists()

    # The mail server is back and the retry is due: the mail arrives.
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())
    run_queue()
    assert [m.to for m in mail.outbox] == [["maria@kupangkota.go.id"]]


def test_last_attempt_keeps_the_message_for_the_secretariat(database_queue, refusing_smtp, db):
    from core.mail import deliver_email

    deliver_email.enqueue(
        message={"subject": "Halo", "body": "Isi", "to": ["x@example.go.id"]},
        attempt=MAX_ATTEMPTS,
    )
    run_queue()
    undelivered = UndeliveredEmail.objects.get()
    assert (undelivered.subject, undelivered.attempts) == ("Halo", MAX_ATTEMPTS)
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_permanent_refusal_is_not_retried(database_queue, settings, db):
    from core.mail import deliver_email

    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "tests.core.test_mail.RejectingBackend"},
    }
    deliver_email.enqueue(message={"subject": "Halo", "body": "Isi", "to": ["x@example.go.id"]})
    run_queue()
    assert UndeliveredEmail.objects.get().attempts == 1
    assert "No such user" in UndeliveredEmail.objects.get().error


@pytest.fixture
def undelivered(db):
    return UndeliveredEmail.objects.create(
        subject="Konfirmasi alamat email",
        recipients="maria@kupangkota.go.id",
        message={
            "subject": "Konfirmasi alamat email",
            "body": "Klik",
            "to": ["maria@kupangkota.go.id"],
        },
        error="ConnectionRefusedError: [Errno 111] Connection refused",
        attempts=MAX_ATTEMPTS,
    )


def test_secretariat_sees_and_resends_undelivered_mail(
    client, secretariat_user, undelivered, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_user)
    page = client.get("/admin/core/undeliveredemail/")
    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert "Konfirmasi alamat email" in text
    assert "maria@kupangkota.go.id" in text
    assert "Connection refused" in text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/core/undeliveredemail/",
            {"action": "resend", "_selected_action": [undelivered.pk]},
        )
    assert response.status_code == HTTPStatus.FOUND
    assert [m.subject for m in mail.outbox] == ["Konfirmasi alamat email"]
    undelivered.refresh_from_db()
    assert undelivered.resent_at is not None


def test_staff_outside_the_secretariat_cannot_see_undelivered_mail(client, undelivered):
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/core/undeliveredemail/").status_code == HTTPStatus.FORBIDDEN
    client.logout()
    assert client.get("/admin/core/undeliveredemail/").status_code == HTTPStatus.FOUND
