"""Updates that replace the cover image: the new cover is staged with the update, the
published cover stays online until the secretariat publishes it, then the new one
replaces it (the old file deleted); a returned update leaves the published cover."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from practices.models import PracticeRevision, RevisionCover
from practices.services import revision_publish, revision_return
from tests.factories import AffiliationFactory, PublishedPracticeFactory, SecretariatUserFactory

from .conftest import png_upload
from .test_revisions import revise_url, revision_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(kupang):
    practice = PublishedPracticeFactory(member=kupang, title="Pasar rakyat bersih")
    practice.cover = png_upload("sampul-lama.png")
    practice.cover_alt = "Pasar lama"
    practice.save()
    return practice


def basename(field_file):
    return field_file.name.rsplit("/", 1)[-1]


def public_page(client, practice):
    client.logout()
    return client.get(practice.get_absolute_url()).content.decode()


def propose_cover(client, practice, editor, **changes):
    client.force_login(editor)
    data = revision_post(
        practice,
        change_note="Foto sampul baru.",
        cover_alt="Pasar setelah renovasi",
        **{
            "upload-new_cover": png_upload(
                "sampul-baru.png", width=800, height=600, color=(10, 200, 10)
            )
        },
    )
    data.update(changes)
    return client.post(revise_url(practice), data, follow=True)


def test_a_new_cover_goes_online_only_when_published(client, practice, editor):
    old_name = practice.cover.name
    storage = practice.cover.storage
    page = propose_cover(client, practice, editor, submit="1").content.decode()
    assert "Pembaruan telah diajukan" in page
    revision = practice.revisions.get()
    assert revision.status == PracticeRevision.Status.SUBMITTED
    staged = RevisionCover.objects.get(revision=revision)
    assert revision.data["cover"] == {"ref": f"n{staged.pk}", "file": basename(staged.image)}
    assert revision.data["cover_alt"] == "Pasar setelah renovasi"
    assert staged.renditions  # cleaned and rendered like every picture

    # The public still sees the old cover and its description; the new file is private.
    public = public_page(client, practice)
    assert basename(practice.cover) in public and "Pasar lama" in public
    assert basename(staged.image) not in public
    assert "Pasar setelah renovasi" not in public
    assert client.get(staged.image.url).status_code == HTTPStatus.NOT_FOUND
    assert client.get(practice.cover.url).status_code == HTTPStatus.OK
    client.force_login(editor)
    assert client.get(staged.image.url).status_code == HTTPStatus.OK

    # The secretariat sees the change of cover in the comparison, then publishes.
    secretariat = SecretariatUserFactory()
    client.force_login(secretariat)
    assert client.get(staged.image.url).status_code == HTTPStatus.OK
    admin_page = client.get(
        reverse("admin:practices_practicerevision_change", args=[revision.pk])
    ).content.decode()
    assert "sampul-lama" in admin_page and basename(staged.image) in admin_page
    assert "renovasi" in admin_page and "sampul baru" in admin_page
    new_name = staged.image.name
    with TestCase.captureOnCommitCallbacks(execute=True):
        revision_publish(revision=revision, by=secretariat)

    practice.refresh_from_db()
    assert practice.cover.name == new_name
    assert practice.cover_alt == "Pasar setelah renovasi"
    assert practice.renditions and practice.width == 800
    assert not RevisionCover.objects.exists()
    assert not storage.exists(old_name)
    public = public_page(client, practice)
    assert basename(practice.cover) in public and "Pasar setelah renovasi" in public
    assert "sampul-lama" not in public
    assert client.get(practice.cover.url).status_code == HTTPStatus.OK
    revision.refresh_from_db()
    assert revision.previous["cover"]["file"] == old_name.rsplit("/", 1)[-1]


def test_a_returned_update_leaves_the_published_cover(client, practice, editor):
    old_name = practice.cover.name
    propose_cover(client, practice, editor, submit="1")
    revision = practice.revisions.get()
    staged = RevisionCover.objects.get()
    revision_return(revision=revision, by=SecretariatUserFactory(), note="Fotonya buram.")
    practice.refresh_from_db()
    assert practice.cover.name == old_name and practice.cover_alt == "Pasar lama"
    assert "Pasar lama" in public_page(client, practice)
    assert client.get(staged.image.url).status_code == HTTPStatus.NOT_FOUND

    # Back to the published cover: the proposed file is deleted.
    client.force_login(editor)
    revision.refresh_from_db()
    form = client.get(revise_url(practice)).content.decode()
    assert "sampul-baru" in form and "upload-keep_cover" in form
    storage, name = staged.image.storage, staged.image.name
    data = revision_post(practice, change_note="Tanpa sampul baru.", **{"upload-keep_cover": "on"})
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(revise_url(practice), data)
    revision.refresh_from_db()
    assert revision.data["cover"] == {"ref": "p", "file": old_name.rsplit("/", 1)[-1]}
    assert not RevisionCover.objects.exists()
    assert not storage.exists(name)


def test_a_bad_cover_is_named_and_nothing_typed_is_lost(client, practice, editor):
    old_name = practice.cover.name
    bad = SimpleUploadedFile("sampul-rusak.png", b"bukan gambar", "image/png")
    page = propose_cover(
        client, practice, editor, submit="1", summary="Ringkasan baru.", **{"upload-new_cover": bad}
    ).content.decode()
    assert "“sampul-rusak.png” tidak ditambahkan" in page
    revision = practice.revisions.get()
    assert revision.status == PracticeRevision.Status.DRAFT  # not submitted with a file refused
    assert revision.data["summary"] == "Ringkasan baru."
    assert revision.data["cover"]["ref"] == "p"
    assert not RevisionCover.objects.exists()
    practice.refresh_from_db()
    assert practice.cover.name == old_name


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("other_region", HTTPStatus.FORBIDDEN),
        ("pending", HTTPStatus.FORBIDDEN),
        ("anonymous", HTTPStatus.FOUND),
    ],
)
def test_who_may_propose_a_cover(client, practice, kupang, other_editor, who, expected):
    users = {"other_region": other_editor, "pending": AffiliationFactory(member=kupang).user}
    if who in users:
        client.force_login(users[who])
    data = revision_post(
        practice, change_note="x", **{"upload-new_cover": png_upload("sampul-asing.png")}
    )
    response = client.post(revise_url(practice), data)
    assert response.status_code == expected
    assert not RevisionCover.objects.exists()
    assert not practice.revisions.exists()


def test_a_staged_cover_is_hidden_from_other_cities(client, practice, editor, other_editor):
    propose_cover(client, practice, editor)
    staged = RevisionCover.objects.get()
    client.force_login(other_editor)
    assert client.get(staged.image.url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(AffiliationFactory(member=practice.member).user)
    assert client.get(staged.image.url).status_code == HTTPStatus.NOT_FOUND
