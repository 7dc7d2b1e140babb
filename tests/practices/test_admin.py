from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from practices.models import Practice
from tests.factories import PracticeFactory, SecretariatUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(kupang):
    return PracticeFactory(member=kupang, status=Practice.Status.SUBMITTED)


@pytest.fixture
def secretariat_client(client):
    client.force_login(SecretariatUserFactory())
    return client


def url(name, practice):
    return reverse(f"admin:practices_practice_{name}", args=[practice.pk])


def test_change_page_shows_review_buttons_and_history(secretariat_client, submitted):
    content = secretariat_client.get(url("change", submitted)).content.decode()
    assert url("publish", submitted) in content
    assert url("request_changes", submitted) in content


def test_publish_button(secretariat_client, submitted, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(url("publish", submitted))
    assert response.status_code == HTTPStatus.FOUND
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.PUBLISHED
    assert [message.to for message in mail.outbox] == [[editor.email]]


def test_publish_must_be_posted(secretariat_client, submitted):
    assert secretariat_client.get(url("publish", submitted)).status_code == HTTPStatus.FORBIDDEN
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.SUBMITTED


def test_request_changes_needs_a_note(secretariat_client, submitted):
    form_url = url("request_changes", submitted)
    assert secretariat_client.get(form_url).status_code == HTTPStatus.OK
    response = secretariat_client.post(form_url, {"note": ""})
    assert response.status_code == HTTPStatus.OK
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.SUBMITTED
    response = secretariat_client.post(form_url, {"note": "Tambahkan foto kegiatan."})
    assert response.status_code == HTTPStatus.FOUND
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.CHANGES_REQUESTED
    assert submitted.review_note == "Tambahkan foto kegiatan."


def test_request_changes_action_with_intermediate_page(secretariat_client, kupang):
    practices = [PracticeFactory(member=kupang, status=Practice.Status.SUBMITTED) for _ in range(2)]
    changelist = reverse("admin:practices_practice_changelist")
    selection = {
        "action": "request_changes_selected",
        "_selected_action": [str(practice.pk) for practice in practices],
    }
    response = secretariat_client.post(changelist, selection)
    assert response.status_code == HTTPStatus.OK
    assert b'name="note"' in response.content
    response = secretariat_client.post(changelist, {**selection, "note": "Lengkapi anggaran."})
    assert response.status_code == HTTPStatus.FOUND
    assert set(Practice.objects.values_list("status", flat=True)) == {
        Practice.Status.CHANGES_REQUESTED
    }


def test_publish_and_archive_actions(secretariat_client, kupang):
    practice = PracticeFactory(member=kupang, status=Practice.Status.SUBMITTED)
    draft = PracticeFactory(member=kupang)
    changelist = reverse("admin:practices_practice_changelist")
    secretariat_client.post(
        changelist,
        {"action": "publish_selected", "_selected_action": [str(practice.pk), str(draft.pk)]},
    )
    practice.refresh_from_db()
    draft.refresh_from_db()
    assert (practice.status, draft.status) == (Practice.Status.PUBLISHED, Practice.Status.DRAFT)
    secretariat_client.post(
        changelist, {"action": "archive_selected", "_selected_action": [str(practice.pk)]}
    )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.ARCHIVED


def test_staff_outside_the_secretariat_cannot_publish(client, submitted):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_practice", "change_practice"])
    )
    client.force_login(staff)
    assert client.post(url("publish", submitted)).status_code == HTTPStatus.FORBIDDEN
    assert client.post(url("archive", submitted)).status_code == HTTPStatus.FORBIDDEN
    assert (
        client.post(url("request_changes", submitted), {"note": "x"}).status_code
        == HTTPStatus.FORBIDDEN
    )
    submitted.refresh_from_db()
    assert submitted.status == Practice.Status.SUBMITTED
    content = client.get(url("change", submitted)).content.decode()
    assert url("publish", submitted) not in content


def test_transitions_inline_is_read_only(secretariat_client, submitted):
    response = secretariat_client.get(url("change", submitted))
    assert 'name="transitions-0-note"' not in response.content.decode()
