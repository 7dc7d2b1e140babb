"""Updates that change images and documents: added, re-captioned, reordered and removed
in the update, while the published practice keeps its files online until the
secretariat publishes the update; every update is kept."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from practices.models import PracticeAttachment, PracticeImage, PracticeRevision, RevisionImage
from practices.services import revision_publish
from tests.factories import AffiliationFactory, PublishedPracticeFactory, SecretariatUserFactory

from .conftest import pdf_upload, png_upload
from .test_revisions import revise_url, revision_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(kupang):
    practice = PublishedPracticeFactory(member=kupang, title="Pasar rakyat bersih")
    for index, name in enumerate(["lama-1.png", "lama-2.png"]):
        PracticeImage.objects.create(
            practice=practice, image=png_upload(name), alt_text=f"Foto {index}", order=index
        )
    PracticeAttachment.objects.create(
        practice=practice, file=pdf_upload("laporan-2023.pdf"), title="Laporan 2023"
    )
    return practice


def detail(client, practice):
    return client.get(practice.get_absolute_url()).content.decode()


def media_status(client, field_file):
    return client.get(field_file.url).status_code


def test_an_update_changes_files_only_when_published(client, practice, editor):
    first, second = practice.images.all()
    old_document = practice.attachments.get()
    client.force_login(editor)

    # Add two images (and a bad file, named), re-caption and reorder a published one.
    data = revision_post(
        practice,
        change_note="Foto pasar 2024 ditambahkan.",
        **{
            "images-0-caption": "Los ikan sebelum",
            "images-0-order": "7",
            "upload-new_images": [
                png_upload("baru-1.png"),
                SimpleUploadedFile("rusak.png", b"bukan gambar", "image/png"),
                png_upload("baru-2.png"),
            ],
            "upload-new_documents": [pdf_upload("laporan-2024.pdf")],
        },
    )
    page = client.post(revise_url(practice), data, follow=True).content.decode()
    assert "“rusak.png” tidak ditambahkan" in page
    assert "3 berkas ditambahkan." in page
    revision = practice.revisions.get()
    staged = list(revision.new_images.all())
    assert len(staged) == 2
    assert [row["file"] for row in revision.data["images"]][-1] == staged[1].image.name.rsplit(
        "/", 1
    )[-1]

    # Take out the second published image: the form saves, then asks to confirm.
    data = revision_post(practice, change_note="Foto pasar 2024 ditambahkan.")
    data.update(_rows_of(revision.data["images"], "images"))
    data["remove"] = f"image-p{second.pk}"
    response = client.post(revise_url(practice), data)
    confirm = reverse(
        "practices:revision-remove-image", kwargs={"slug": practice.slug, "ref": f"p{second.pk}"}
    )
    assert response["Location"] == confirm
    page = client.get(confirm).content.decode()
    assert "tetap memuatnya sampai Sekretariat menerbitkan" in page
    assert client.post(confirm, {"confirm": "on"}).status_code == HTTPStatus.FOUND
    revision.refresh_from_db()
    assert f"p{second.pk}" not in [row["ref"] for row in revision.data["images"]]
    assert len(revision.data["attachments"]) == 2

    # The public page is unchanged; the new files are for the city and the secretariat.
    client.logout()
    public = detail(client, practice)
    assert second.image.url in public
    assert "Los ikan sebelum" not in public
    assert staged[0].image.name.rsplit("/", 1)[-1] not in public
    assert media_status(client, staged[0].image) == HTTPStatus.NOT_FOUND
    assert media_status(client, second.image) == HTTPStatus.OK
    client.force_login(editor)
    assert media_status(client, staged[0].image) == HTTPStatus.OK

    # The secretariat sees the file changes in the diff, then publishes.
    client.force_login(editor)
    client.post(revise_url(practice), {**_full_post(practice, revision), "submit": "1"})
    revision.refresh_from_db()
    assert revision.status == PracticeRevision.Status.SUBMITTED
    secretariat = SecretariatUserFactory()
    client.force_login(secretariat)
    admin_page = client.get(
        reverse("admin:practices_practicerevision_change", args=[revision.pk])
    ).content.decode()
    assert "lama-2" in admin_page and "laporan-2024" in admin_page
    assert "Berkas yang ditambahkan dalam pembaruan ini" in admin_page
    removed_name = second.image.name
    with TestCase.captureOnCommitCallbacks(execute=True):
        revision_publish(revision=revision, by=secretariat)

    images = list(practice.images.all())
    assert len(images) == 3
    assert images[0].pk == first.pk and images[0].caption == "Los ikan sebelum"
    assert not PracticeImage.objects.filter(pk=second.pk).exists()
    assert not second.image.storage.exists(removed_name)
    assert not RevisionImage.objects.exists()
    assert practice.attachments.count() == 2
    assert PracticeAttachment.objects.filter(pk=old_document.pk).exists()
    client.logout()
    public = detail(client, practice)
    assert "Los ikan sebelum" in public
    assert media_status(client, images[-1].image) == HTTPStatus.OK
    revision.refresh_from_db()
    assert [row["ref"] for row in revision.previous["images"]] == [f"p{first.pk}", f"p{second.pk}"]


def _rows_of(rows, prefix):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    keys = ["alt_text", "caption", "order"] if prefix == "images" else ["title", "order"]
    for index, row in enumerate(rows):
        for key in ["ref", *keys]:
            data[f"{prefix}-{index}-{key}"] = str(row[key])
    return data


def _full_post(practice, revision):
    data = revision_post(practice, change_note=revision.change_note)
    data.update(_rows_of(revision.data["images"], "images"))
    data.update(_rows_of(revision.data["attachments"], "attachments"))
    return data


def test_an_added_file_taken_out_is_deleted_at_once(client, practice, editor):
    client.force_login(editor)
    data = revision_post(practice, **{"upload-new_images": [png_upload("baru.png")]})
    client.post(revise_url(practice), data)
    staged = RevisionImage.objects.get()
    storage, name = staged.image.storage, staged.image.name
    url = reverse(
        "practices:revision-remove-image", kwargs={"slug": practice.slug, "ref": f"n{staged.pk}"}
    )
    assert "Berkas dihapus secara permanen" in client.get(url).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(url, {"confirm": "on"}).status_code == HTTPStatus.FOUND
    assert not RevisionImage.objects.exists()
    assert not storage.exists(name)
    assert practice.images.count() == 2


def test_every_update_with_files_is_kept(client, practice, editor):
    secretariat = SecretariatUserFactory()
    for number in (1, 2):
        client.force_login(editor)
        data = revision_post(
            practice,
            change_note=f"Perubahan {number}",
            submit="1",
            **{"upload-new_documents": [pdf_upload(f"lampiran-{number}.pdf")]},
        )
        client.post(revise_url(practice), data)
        revision = practice.revisions.get(number=number)
        assert revision.status == PracticeRevision.Status.SUBMITTED
        revision_publish(revision=revision, by=secretariat)
    assert practice.revisions.count() == 2
    assert practice.attachments.count() == 3
    first, second = practice.revisions.order_by("number")
    assert len(first.previous["attachments"]) == 1 and len(second.previous["attachments"]) == 2


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff", HTTPStatus.OK),
        ("other_region", HTTPStatus.FORBIDDEN),
        ("pending", HTTPStatus.FORBIDDEN),
        ("secretariat", HTTPStatus.FORBIDDEN),
        ("anonymous", HTTPStatus.FOUND),
    ],
)
def test_who_may_take_a_file_out_of_an_update(
    client, practice, kupang, editor, other_editor, who, expected
):
    client.force_login(editor)
    client.post(revise_url(practice), revision_post(practice))
    client.logout()
    revision = practice.revisions.get()
    image = practice.images.first()
    users = {
        "staff": editor,
        "other_region": other_editor,
        "pending": AffiliationFactory(member=kupang).user,
        "secretariat": SecretariatUserFactory(),
    }
    if who in users:
        client.force_login(users[who])
    url = reverse(
        "practices:revision-remove-image", kwargs={"slug": practice.slug, "ref": f"p{image.pk}"}
    )
    assert client.get(url).status_code == expected
    response = client.post(url, {"confirm": "on"})
    revision.refresh_from_db()
    refs = [row["ref"] for row in revision.data["images"]]
    if who == "staff":
        assert f"p{image.pk}" not in refs
    else:
        assert response.status_code == expected
        assert f"p{image.pk}" in refs
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert practice.images.count() == 2


def test_a_submitted_update_refuses_removal_and_unknown_refs_are_404(client, practice, editor):
    client.force_login(editor)
    client.post(revise_url(practice), revision_post(practice, change_note="x", submit="1"))
    revision = practice.revisions.get()
    assert revision.status == PracticeRevision.Status.SUBMITTED
    image = practice.images.first()
    url = reverse(
        "practices:revision-remove-image", kwargs={"slug": practice.slug, "ref": f"p{image.pk}"}
    )
    assert client.post(url, {"confirm": "on"}).status_code == HTTPStatus.FORBIDDEN
    revision.refresh_from_db()
    assert len(revision.data["images"]) == 2
    for ref in ("p999999", "x1", "n1"):
        bad = reverse("practices:revision-remove-image", kwargs={"slug": practice.slug, "ref": ref})
        assert client.get(bad).status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND)
