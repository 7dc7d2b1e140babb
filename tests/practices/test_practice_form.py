"""The practice form that respects city staff's time: sections with their state,
required fields marked in words, several files at once (the good ones kept, the bad
ones named), captions and order after upload, removal with a confirmation."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices.models import Practice, PracticeAttachment, PracticeImage
from tests.factories import (
    AffiliationFactory,
    PracticeFactory,
    SecretariatUserFactory,
)
from tests.paths import in_english

from .conftest import form_data, management, pdf_upload, png_upload

pytestmark = pytest.mark.django_db

NEW_URL = reverse("practices:new")


def edit_url(practice):
    return reverse("practices:edit", kwargs={"slug": practice.slug})


def with_files(practice, images=(), documents=()):
    for index, name in enumerate(images):
        PracticeImage.objects.create(
            practice=practice, image=png_upload(name), alt_text=f"Foto {name}", order=index
        )
    for index, name in enumerate(documents):
        PracticeAttachment.objects.create(
            practice=practice, file=pdf_upload(name), title=name, order=index
        )


def rows(practice, **changes) -> dict:
    """The image and document rows as the edit page sends them back."""
    data = {}
    images = list(practice.images.all())
    data.update(management("images", total=len(images), initial=len(images)))
    for index, image in enumerate(images):
        data.update(
            {
                f"images-{index}-id": str(image.pk),
                f"images-{index}-alt_text": image.alt_text,
                f"images-{index}-caption": image.caption,
                f"images-{index}-order": str(image.order),
            }
        )
    documents = list(practice.attachments.all())
    data.update(management("attachments", total=len(documents), initial=len(documents)))
    for index, document in enumerate(documents):
        data.update(
            {
                f"attachments-{index}-id": str(document.pk),
                f"attachments-{index}-title": document.title,
                f"attachments-{index}-order": str(document.order),
            }
        )
    data.update(changes)
    return data


# The page ---------------------------------------------------------------------------


def test_required_fields_are_marked_in_words_and_labels_have_no_colon(client, editor):
    client.force_login(editor)
    content = client.get(NEW_URL).content.decode()
    assert (
        'for="id_summary">Ringkasan <span class="required-mark">(wajib)</span></label>' in (content)
        or '<span class="required-mark">(wajib)</span>' in content
    )
    assert content.count('class="required-mark"') == 7  # title, 4 texts, themes, SDGs
    assert ":</label>" not in content and ":</legend>" not in content
    english = client.get(in_english("practices:new")).content.decode()
    assert '<span class="required-mark">(required)</span>' in english
    assert "Mandatory parts still empty: 7" in english


def test_sections_show_their_state_and_the_missing_count(client, editor, kupang):
    practice = PracticeFactory(member=kupang, problem="", results="")
    client.force_login(editor)
    content = client.get(edit_url(practice)).content.decode()
    assert 'class="toc-item toc-complete" data-section="section-identity"' in content
    assert 'class="toc-item toc-missing" data-section="section-problem"' in content
    assert "kurang: 1" in content  # the problem section misses one part
    assert "Bagian wajib yang masih kosong: 2" in content


def test_no_empty_rows_for_files_and_no_storage_paths(client, editor, kupang):
    practice = PracticeFactory(member=kupang)
    with_files(practice, images=["a.png", "b.png"], documents=["laporan.pdf"])
    client.force_login(editor)
    content = client.get(edit_url(practice)).content.decode()
    assert 'name="images-TOTAL_FORMS" value="2"' in content
    assert 'name="attachments-TOTAL_FORMS" value="1"' in content
    assert 'type="file" name="upload-new_images" accept="image/jpeg,image/png,image/webp"' in (
        content
    )
    assert "multiple" in content.split('name="upload-new_images"')[1].split(">")[0]
    assert "practices/attachments/" not in content
    assert "practices/images/" not in content.replace("/media/practices/images/", "")
    assert "laporan.pdf" in content


# Several files at once ----------------------------------------------------------------


def test_good_files_are_kept_and_bad_ones_named(client, editor, kupang):
    practice = PracticeFactory(member=kupang, title="Pasar bersih")
    client.force_login(editor)
    data = form_data(title="Pasar bersih", problem="Teks yang baru diketik")
    data.update(rows(practice))
    data["upload-new_images"] = [
        png_upload("pasar-1.png"),
        SimpleUploadedFile("rusak.jpg", b"bukan gambar", "image/jpeg"),
        png_upload("pasar-2.png"),
    ]
    data["upload-new_documents"] = [
        pdf_upload("laporan.pdf"),
        SimpleUploadedFile("virus.pdf", b"MZ not a pdf", "application/pdf"),
    ]
    response = client.post(edit_url(practice), data, follow=True)
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    practice.refresh_from_db()
    assert practice.problem == "Teks yang baru diketik"
    assert practice.images.count() == 2
    assert list(practice.images.values_list("order", flat=True)) == [1, 2]
    assert practice.attachments.get().title == "laporan"
    assert "“rusak.jpg” tidak ditambahkan" in content
    assert "“virus.pdf” tidak ditambahkan" in content
    assert "3 berkas ditambahkan." in content


def test_files_with_an_invalid_form_are_named_to_choose_again(client, editor):
    client.force_login(editor)
    data = form_data(title="", problem="Jangan hilang")
    data["upload-new_images"] = [png_upload("foto-pasar.png")]
    response = client.post(NEW_URL, data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    content = response.content.decode()
    assert "Jangan hilang" in content
    assert "foto-pasar.png" in content
    assert not Practice.objects.exists() and not PracticeImage.objects.exists()


# Captions, order and removal ------------------------------------------------------------


def test_captions_and_order_are_edited_after_upload(client, editor, kupang):
    practice = PracticeFactory(member=kupang)
    with_files(practice, images=["a.png", "b.png"], documents=["laporan.pdf"])
    first, second = practice.images.all()
    client.force_login(editor)
    data = form_data(title=practice.title)
    data.update(rows(practice))
    data.update(
        {
            "images-0-caption": "Pasar sebelum",
            "images-0-order": "5",
            "images-1-alt_text": "Pedagang di los baru",
            "attachments-0-title": "Laporan akhir 2024",
        }
    )
    response = client.post(edit_url(practice), data)
    assert response.status_code == HTTPStatus.FOUND
    assert list(practice.images.all()) == [second, first]
    first.refresh_from_db()
    assert first.caption == "Pasar sebelum"
    assert practice.images.get(pk=second.pk).alt_text == "Pedagang di los baru"
    assert practice.attachments.get().title == "Laporan akhir 2024"


def test_removal_saves_the_text_then_asks_for_confirmation(client, editor, kupang):
    practice = PracticeFactory(member=kupang)
    with_files(practice, images=["a.png", "b.png"])
    image = practice.images.first()
    client.force_login(editor)
    data = form_data(title=practice.title, problem="Disimpan dulu")
    data.update(rows(practice, remove=f"image-{image.pk}"))
    response = client.post(edit_url(practice), data)
    confirm_url = reverse("practices:remove-image", kwargs={"slug": practice.slug, "pk": image.pk})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == confirm_url
    practice.refresh_from_db()
    assert practice.problem == "Disimpan dulu"
    assert practice.images.count() == 2
    page = client.get(confirm_url)
    assert page.status_code == HTTPStatus.OK
    assert "Hapus gambar ini?" in page.content.decode()
    refused = client.post(confirm_url, {})
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert practice.images.count() == 2
    storage, name = image.image.storage, image.image.name
    with django_capture_on_commit():
        done = client.post(confirm_url, {"confirm": "on"})
    assert done.status_code == HTTPStatus.FOUND
    assert done["Location"].endswith("#section-images")
    assert list(practice.images.values_list("pk", flat=True)) != [image.pk]
    assert practice.images.count() == 1
    assert not storage.exists(name)


def test_a_document_is_removed_the_same_way(client, editor, kupang):
    practice = PracticeFactory(member=kupang)
    with_files(practice, documents=["laporan.pdf"])
    document = practice.attachments.get()
    client.force_login(editor)
    url = reverse("practices:remove-document", kwargs={"slug": practice.slug, "pk": document.pk})
    assert "laporan.pdf" in client.get(url).content.decode()
    assert client.post(url, {"confirm": "on"}).status_code == HTTPStatus.FOUND
    assert not practice.attachments.exists()


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff", HTTPStatus.OK),
        ("other_region", HTTPStatus.NOT_FOUND),
        ("pending", HTTPStatus.NOT_FOUND),
        ("secretariat", HTTPStatus.FORBIDDEN),
        ("anonymous", HTTPStatus.FOUND),
    ],
)
def test_who_may_remove_a_file(client, kupang, editor, other_editor, who, expected):
    practice = PracticeFactory(member=kupang)
    with_files(practice, images=["a.png"])
    image = practice.images.get()
    users = {
        "staff": editor,
        "other_region": other_editor,
        "pending": AffiliationFactory(member=kupang).user,
        "secretariat": SecretariatUserFactory(),
    }
    if who in users:
        client.force_login(users[who])
    url = reverse("practices:remove-image", kwargs={"slug": practice.slug, "pk": image.pk})
    assert client.get(url).status_code == expected
    response = client.post(url, {"confirm": "on"})
    if who == "staff":
        assert not PracticeImage.objects.exists()
        return
    assert response.status_code == expected
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert PracticeImage.objects.filter(pk=image.pk).exists()


def test_a_submitted_practice_refuses_removal(client, editor, kupang):
    practice = PracticeFactory(member=kupang, status=Practice.Status.SUBMITTED)
    with_files(practice, images=["a.png"])
    image = practice.images.get()
    client.force_login(editor)
    url = reverse("practices:remove-image", kwargs={"slug": practice.slug, "pk": image.pk})
    assert client.post(url, {"confirm": "on"}).status_code == HTTPStatus.FORBIDDEN
    assert PracticeImage.objects.filter(pk=image.pk).exists()


def test_an_image_of_another_practice_is_404(client, editor, kupang):
    practice = PracticeFactory(member=kupang)
    other = PracticeFactory(member=kupang)
    with_files(other, images=["a.png"])
    client.force_login(editor)
    url = reverse(
        "practices:remove-image", kwargs={"slug": practice.slug, "pk": other.images.get().pk}
    )
    assert client.post(url, {"confirm": "on"}).status_code == HTTPStatus.NOT_FOUND
    assert other.images.exists()
