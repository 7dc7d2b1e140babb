"""The practice's own life: ongoing, completed or stopped; a yearly question whether it
is still current; a notice when nobody has confirmed it for 18 months."""

import datetime
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from practices.services import practices_request_confirmation
from tests.factories import (
    ApprovedAffiliationFactory,
    PublishedPracticeFactory,
    SecretariatUserFactory,
)
from tests.paths import in_english

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_the_yearly_command_asks_once(kupang, editor, django_capture_on_commit_callbacks):
    editor.language = "en"
    editor.save(update_fields=["language"])
    colleague = ApprovedAffiliationFactory(member=kupang).user
    due = PublishedPracticeFactory(member=kupang, published_at=ago(400))
    PublishedPracticeFactory(member=kupang, published_at=ago(100))  # too recent
    PublishedPracticeFactory(member=kupang, published_at=ago(400), last_confirmed_at=ago(10))
    PublishedPracticeFactory(member=kupang, published_at=ago(400), progress="completed")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("request_practice_confirmations", verbosity=0)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([editor.email, colleague.email])
    english = next(m for m in mail.outbox if m.to == [editor.email])
    assert english.subject == f"Is it still current? {due.title}"
    assert in_english("practices:detail", slug=due.slug) in english.body
    indonesian = next(m for m in mail.outbox if m.to == [colleague.email])
    assert indonesian.subject.startswith("Apakah masih berjalan?")
    # A second run (the same day, or the next) asks nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        assert practices_request_confirmation() == 0
    assert len(mail.outbox) == 2
    due.refresh_from_db()
    assert due.confirmation_requested_at is not None
    # A year later it is asked again (with the two others that have become due).
    with django_capture_on_commit_callbacks(execute=True):
        assert practices_request_confirmation(now=timezone.now() + datetime.timedelta(366)) == 3


def test_a_practice_unconfirmed_for_18_months_says_so(
    client, kupang, editor, django_capture_on_commit_callbacks
):
    practice = PublishedPracticeFactory(member=kupang, published_at=ago(600))
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "terakhir mengonfirmasi praktik ini masih berjalan" in page
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):  # the page cache empties on commit
        response = client.post(reverse("practices:confirm", args=[practice.slug]), follow=True)
    assert "ditandai masih berjalan" in response.content.decode()
    client.logout()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "terakhir mengonfirmasi praktik ini masih berjalan" not in page
    practice.refresh_from_db()
    assert practice.last_confirmed_at is not None


def test_a_stopped_practice_shows_no_notice_but_its_reason(client, kupang):
    practice = PublishedPracticeFactory(
        member=kupang,
        published_at=ago(600),
        progress="stopped",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2023, 6, 30),
        stopped_reason="Anggaran dialihkan ke penanganan banjir.",
    )
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "terakhir mengonfirmasi" not in page
    assert "Anggaran dialihkan ke penanganan banjir." in page
    assert "30 Juni 2023" in page


@pytest.mark.parametrize("role", ["other", "secretariat", "anonymous"])
def test_only_the_citys_staff_confirm(client, kupang, other_editor, role):
    practice = PublishedPracticeFactory(member=kupang, published_at=ago(600))
    if role == "other":
        client.force_login(other_editor)
    elif role == "secretariat":
        client.force_login(SecretariatUserFactory())
    response = client.post(reverse("practices:confirm", args=[practice.slug]))
    assert response.status_code == (
        HTTPStatus.FOUND if role == "anonymous" else HTTPStatus.FORBIDDEN
    )
    practice.refresh_from_db()
    assert practice.last_confirmed_at is None


def test_the_list_filters_by_implementation_status(client, kupang):
    PublishedPracticeFactory(member=kupang, title="Masih jalan", progress="ongoing")
    PublishedPracticeFactory(member=kupang, title="Sudah berhenti", progress="stopped")
    page = client.get(reverse("practices:list"), {"progress": "stopped"}).content.decode()
    assert "Sudah berhenti" in page
    assert "Masih jalan" not in page
    assert "Status pelaksanaan: <strong>Dihentikan</strong>" in page
    bad = client.get(reverse("practices:list"), {"progress": "bogus"})
    assert bad.status_code == HTTPStatus.OK
