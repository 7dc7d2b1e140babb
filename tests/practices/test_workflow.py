"""The review workflow's one table of moves: withdraw, delete, restore, and the
reasons a refusal gives, for every kind of person."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.errors import ServiceError
from practices.models import Practice, PracticeImage, Transition
from practices.services import (
    practice_archive,
    practice_delete,
    practice_publish,
    practice_restore,
    practice_submit,
    practice_withdraw,
)
from tests.factories import (
    AffiliationFactory,
    PracticeFactory,
    PublishedPracticeFactory,
    SecretariatUserFactory,
    UserFactory,
)
from tests.paths import in_english

from .conftest import png_upload

pytestmark = pytest.mark.django_db

Status = Practice.Status


@pytest.fixture
def pending(kupang):
    return AffiliationFactory(member=kupang).user


@pytest.fixture
def secretariat():
    return SecretariatUserFactory()


def people(editor, other_editor, pending, secretariat):
    return {
        "editor": editor,
        "other": other_editor,
        "pending": pending,
        "secretariat": secretariat,
        "stranger": UserFactory(),
    }


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (Status.DRAFT, {"editor": {"submit", "delete"}, "secretariat": {"archive"}}),
        (
            Status.SUBMITTED,
            {"editor": {"withdraw"}, "secretariat": {"publish", "request_changes", "archive"}},
        ),
        (Status.CHANGES_REQUESTED, {"editor": {"submit"}, "secretariat": {"archive"}}),
        (Status.PUBLISHED, {"editor": set(), "secretariat": {"request_changes", "archive"}}),
        (Status.ARCHIVED, {"editor": set(), "secretariat": {"publish", "restore"}}),
    ],
)
def test_the_table_of_moves_for_every_role(
    kupang, editor, other_editor, pending, secretariat, status, allowed
):
    practice = PracticeFactory(member=kupang, status=status)
    for role, user in people(editor, other_editor, pending, secretariat).items():
        granted = {action for action in Practice.MOVES if practice.can(action, user)}
        assert granted == allowed.get(role, set()), role
        assert practice.can_withdraw(user) == ("withdraw" in granted)
        assert practice.can_delete(user) == ("delete" in granted)
        assert practice.can_restore(user) == ("restore" in granted)


def test_a_practice_once_published_cannot_be_deleted(kupang, editor):
    practice = PracticeFactory(member=kupang, status=Status.DRAFT, published_at="2024-01-01T00:00Z")
    assert not practice.can_delete(editor)
    assert "hanya dapat diarsipkan" in practice.refusal(editor, "delete")


def test_withdraw_returns_a_submission_to_draft(kupang, editor):
    practice = PracticeFactory(member=kupang)
    practice_submit(practice=practice, by=editor)
    practice_withdraw(practice=practice, by=editor)
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT
    assert list(practice.transitions.values_list("from_status", "to_status")) == [
        (Status.DRAFT, Status.SUBMITTED),
        (Status.SUBMITTED, Status.DRAFT),
    ]


def test_withdraw_is_refused_to_others_and_from_other_statuses(kupang, editor, other_editor):
    practice = PracticeFactory(member=kupang, status=Status.SUBMITTED)
    for user in (other_editor, SecretariatUserFactory(), UserFactory()):
        with pytest.raises(PermissionDenied):
            practice_withdraw(practice=practice, by=user)
    draft = PracticeFactory(member=kupang)
    with pytest.raises(ServiceError):
        practice_withdraw(practice=draft, by=editor)
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_withdraw_button_and_view(client, kupang, editor):
    practice = PracticeFactory(member=kupang, status=Status.SUBMITTED)
    client.force_login(editor)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Tarik kembali menjadi draf" in page
    response = client.post(reverse("practices:withdraw", args=[practice.slug]), follow=True)
    assert "Pengajuan telah ditarik kembali" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_withdraw_view_refuses_other_cities_with_the_reason(client, kupang, other_editor):
    practice = PracticeFactory(member=kupang, status=Status.SUBMITTED)
    client.force_login(other_editor)
    response = client.post(reverse("practices:withdraw", args=[practice.slug]))
    # Another city's unpublished practice is not even visible.
    assert response.status_code == HTTPStatus.NOT_FOUND
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_delete_asks_for_confirmation_without_javascript(
    client, kupang, editor, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(member=kupang, cover=png_upload(width=900, height=600))
    image = PracticeImage.objects.create(practice=practice, image=png_upload(), alt_text="Foto")
    cover_name, image_name = practice.cover.name, image.image.name
    rendition = practice.renditions[0]["name"]
    storage = practice.cover.storage
    client.force_login(editor)
    url = reverse("practices:delete", args=[practice.slug])
    assert "Hapus draf" in client.get(practice.get_absolute_url()).content.decode()
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert f"Hapus draf “{practice.title}”?" in page.content.decode()
    refused = client.post(url, {})
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert Practice.objects.filter(pk=practice.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"}, follow=True)
    assert f"Draf “{practice.title}” telah dihapus." in response.content.decode()
    assert not Practice.objects.filter(pk=practice.pk).exists()
    assert not Transition.objects.filter(practice_id=practice.pk).exists()
    assert not storage.exists(cover_name)
    assert not storage.exists(image_name)
    assert not storage.exists(rendition)


@pytest.mark.parametrize("role", ["other", "pending", "secretariat"])
def test_delete_is_refused_to_everyone_but_the_citys_staff(
    client, kupang, editor, other_editor, pending, secretariat, role
):
    practice = PracticeFactory(member=kupang, status=Status.PUBLISHED, published_at=None)
    user = people(editor, other_editor, pending, secretariat)[role]
    client.force_login(user)
    url = reverse("practices:delete", args=[practice.slug])
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Practice.objects.filter(pk=practice.pk).exists()
    with pytest.raises(PermissionDenied):
        practice_delete(practice=practice, by=user)


def test_delete_of_a_submitted_practice_names_the_status(client, kupang, editor):
    practice = PracticeFactory(member=kupang, status=Status.SUBMITTED)
    client.force_login(editor)
    response = client.get(reverse("practices:delete", args=[practice.slug]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Status praktik ini “Diajukan untuk ditinjau”" in response.content.decode()
    assert Practice.objects.filter(pk=practice.pk).exists()


def test_delete_needs_sign_in(client, kupang):
    practice = PracticeFactory(member=kupang)
    response = client.post(reverse("practices:delete", args=[practice.slug]), {"confirm": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert Practice.objects.filter(pk=practice.pk).exists()


def test_restore_puts_an_archived_practice_back_where_it_was(kupang, editor, secretariat):
    submitted = PracticeFactory(member=kupang)
    practice_submit(practice=submitted, by=editor)
    practice_archive(practice=submitted, by=secretariat)
    practice_restore(practice=submitted, by=secretariat)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED

    published = PracticeFactory(member=kupang)
    practice_submit(practice=published, by=editor)
    practice_publish(practice=published, by=secretariat)
    practice_archive(practice=published, by=secretariat)
    practice_restore(practice=published, by=secretariat)
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert published.transitions.last().from_status == Status.ARCHIVED


def test_restore_is_the_secretariats(kupang, editor, secretariat):
    practice = PracticeFactory(member=kupang, status=Status.ARCHIVED)
    with pytest.raises(PermissionDenied):
        practice_restore(practice=practice, by=editor)
    with pytest.raises(ServiceError):
        practice_restore(practice=PracticeFactory(member=kupang), by=secretariat)


def test_admin_restore_button(client, kupang, secretariat):
    practice = PracticeFactory(member=kupang, status=Status.ARCHIVED)
    client.force_login(secretariat)
    change = reverse("admin:practices_practice_change", args=[practice.pk])
    page = client.get(change).content.decode()
    assert reverse("admin:practices_practice_restore", args=[practice.pk]) in page
    assert reverse("admin:practices_practice_archive", args=[practice.pk]) not in page
    response = client.post(
        reverse("admin:practices_practice_restore", args=[practice.pk]), follow=True
    )
    assert "telah dipulihkan" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


# Honest refusals -----------------------------------------------------------------


def test_editing_another_citys_practice_names_the_owner(client, kupang, other_editor):
    practice = PublishedPracticeFactory(member=kupang)
    client.force_login(other_editor)
    response = client.get(reverse("practices:edit", args=[practice.slug]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Praktik ini milik Kota Kupang; hanya stafnya yang dapat mengubahnya." in (
        response.content.decode()
    )


def test_pending_staff_are_told_the_next_step(client, kupang, pending):
    practice = PublishedPracticeFactory(member=kupang)
    client.force_login(pending)
    for url in (
        reverse("practices:edit", args=[practice.slug]),
        reverse("practices:revise", args=[practice.slug]),
        reverse("practices:new"),
    ):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "belum memiliki afiliasi yang disetujui" in response.content.decode()


def test_editing_a_submitted_practice_names_the_status_and_the_way_out(client, kupang, editor):
    practice = PracticeFactory(member=kupang, status=Status.SUBMITTED)
    client.force_login(editor)
    response = client.get(reverse("practices:edit", args=[practice.slug]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    page = response.content.decode()
    assert "Status praktik ini “Diajukan untuk ditinjau”" in page
    assert "Tarik kembali menjadi draf" in page


def test_refusals_in_english(client, kupang, other_editor):
    practice = PublishedPracticeFactory(member=kupang)
    client.force_login(other_editor)
    response = client.get(in_english("practices:edit", slug=practice.slug))
    assert "This practice belongs to Kota Kupang; only its staff can change it." in (
        response.content.decode()
    )
