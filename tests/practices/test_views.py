from http import HTTPStatus

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices.models import SDG, Practice, PracticeAttachment, PracticeImage, Theme
from practices.views import UNSAVED_SESSION_KEY
from tests.factories import (
    AffiliationFactory,
    PracticeFactory,
    PublishedPracticeFactory,
    SecretariatUserFactory,
)
from tests.paths import in_english, in_indonesian

from .conftest import (
    complete_data,
    expire_session,
    form_data,
    management,
    pdf_upload,
    png_upload,
)

pytestmark = pytest.mark.django_db

NEW_URL = in_indonesian("practices:new")


def edit_url(practice):
    return in_indonesian("practices:edit", slug=practice.slug)


@pytest.fixture
def theme():
    return Theme.objects.get(slug="waste-circular-economy")


@pytest.fixture
def goal():
    return SDG.objects.get(number=11)


# Writing -------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(NEW_URL)
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_user_without_approved_affiliation_gets_403(client, kupang):
    pending = AffiliationFactory(member=kupang).user
    client.force_login(pending)
    assert client.get(NEW_URL).status_code == HTTPStatus.FORBIDDEN
    assert client.post(NEW_URL, form_data()).status_code == HTTPStatus.FORBIDDEN
    assert not Practice.objects.exists()


def test_new_form_is_laid_out_in_sections(client, editor):
    client.force_login(editor)
    response = client.get(NEW_URL)
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="section-problem"' in content and 'href="#section-problem"' in content
    assert 'name="member"' not in content
    assert 'data-max-words="250"' in content
    assert "js/practices.js" in content


def test_a_draft_saves_with_only_a_title_for_the_editors_city(client, editor, kupang, sidoarjo):
    client.force_login(editor)
    response = client.post(NEW_URL, form_data(member=str(sidoarjo.pk), save="1"))
    practice = Practice.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == edit_url(practice)
    assert practice.member == kupang
    assert practice.status == Practice.Status.DRAFT
    assert practice.slug == "layanan-perizinan-daring"
    assert practice.created_by == editor
    assert practice.transitions.get().to_status == Practice.Status.DRAFT


def test_missing_title_rerenders_with_the_input(client, editor):
    client.force_login(editor)
    response = client.post(NEW_URL, form_data(title="", problem="Teks yang tidak boleh hilang"))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Teks yang tidak boleh hilang" in response.content.decode()
    assert 'href="#id_title"' in response.content.decode()
    assert not Practice.objects.exists()


def test_submit_with_missing_parts_saves_the_draft_and_lists_them(client, editor):
    client.force_login(editor)
    response = client.post(NEW_URL, form_data(summary="Ringkasan", submit="1"), follow=True)
    practice = Practice.objects.get()
    content = response.content.decode()
    assert response.redirect_chain == [(edit_url(practice), 302)]
    assert practice.status == Practice.Status.DRAFT
    assert 'id="missing-fields"' in content
    for anchor in ("#id_problem", "#id_activities", "#id_results", "#id_themes_0", "#id_sdgs_0"):
        assert anchor in content
    assert "#id_summary" not in content


def test_complete_submission_goes_to_review(
    client, editor, theme, goal, settings, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW_URL, complete_data([theme], [goal], submit="1"))
    practice = Practice.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert practice.status == Practice.Status.SUBMITTED
    assert mail.outbox[-1].to == [settings.SECRETARIAT_EMAIL]


def test_summary_over_250_words_is_refused(client, editor):
    client.force_login(editor)
    response = client.post(NEW_URL, form_data(summary=" ".join(["kata"] * 251)))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Practice.objects.exists()


def test_upload_images_and_pdf(client, editor):
    client.force_login(editor)
    data = form_data(
        cover=png_upload("sampul.png", width=1000, height=600),
        cover_alt="Petugas melayani warga",
        **{"upload-new_images": [png_upload()], "upload-new_documents": [pdf_upload()]},
    )
    response = client.post(NEW_URL, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    practice = Practice.objects.get()
    assert practice.width == 1000 and practice.height == 600
    assert [item["width"] for item in practice.renditions] == [400, 800]
    assert PracticeImage.objects.get().alt_text == "Layanan perizinan daring"
    attachment = PracticeAttachment.objects.get()
    assert attachment.size > 0 and attachment.title == "laporan"


@pytest.mark.parametrize(
    ("field", "upload"),
    [
        ("cover", SimpleUploadedFile("fake.jpg", b"just text", "image/jpeg")),
        ("attachment", SimpleUploadedFile("fake.pdf", b"MZ not a pdf", "application/pdf")),
        ("attachment", SimpleUploadedFile("doc.docx", b"%PDF-1.4 %%EOF", "application/pdf")),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(client, editor, field, upload):
    client.force_login(editor)
    data = form_data(problem="Tetap di sini")
    if field == "cover":
        data["cover"] = upload
        response = client.post(NEW_URL, data)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.context["form"].errors["cover"]
        assert "Tetap di sini" in response.content.decode()
        assert not Practice.objects.exists()
    else:
        # A refused document does not stop the text from being saved; it is named.
        data["upload-new_documents"] = [upload]
        response = client.post(NEW_URL, data, follow=True)
        assert Practice.objects.get().problem == "Tetap di sini"
        assert f"“{upload.name}” was not added" in response.content.decode() or (
            f"“{upload.name}” tidak ditambahkan" in response.content.decode()
        )
    assert not PracticeAttachment.objects.exists()


def test_huge_image_is_refused(client, editor, settings):
    import practices.validators as validators

    client.force_login(editor)
    big = png_upload("big.png", width=3000, height=3000)
    original = validators.IMAGE_MAX_BYTES
    validators.IMAGE_MAX_BYTES = 1000
    try:
        response = client.post(NEW_URL, form_data(cover=big))
    finally:
        validators.IMAGE_MAX_BYTES = original
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Practice.objects.exists()


def test_too_many_pixels_is_refused(client, editor, monkeypatch):
    import core.images

    monkeypatch.setattr(core.images, "MAX_PIXELS", 100)
    from practices import validators

    monkeypatch.setattr(
        validators,
        "validate_image_file",
        lambda file, max_bytes: core.images.validate_image_file(
            file, max_bytes=max_bytes, max_pixels=100
        ),
    )
    client.force_login(editor)
    response = client.post(NEW_URL, form_data(cover=png_upload(width=20, height=20)))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Practice.objects.exists()


def test_more_than_ten_images_are_refused_beyond_the_tenth(client, editor):
    client.force_login(editor)
    data = form_data()
    data["upload-new_images"] = [png_upload(f"p{index}.png") for index in range(11)]
    response = client.post(NEW_URL, data, follow=True)
    assert PracticeImage.objects.count() == 10
    assert "“p10.png”" in response.content.decode()


def test_invalid_formset_row_keeps_main_form_unsaved_on_edit(client, editor, kupang):
    practice = PracticeFactory(member=kupang, title="Judul lama")
    client.force_login(editor)
    data = form_data(title="Judul baru", **management("links", total=1))
    data.update({"links-0-title": "Situs", "links-0-url": "javascript:alert(1)"})
    response = client.post(edit_url(practice), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    practice.refresh_from_db()
    assert practice.title == "Judul lama"


def test_edit_of_another_citys_practice_is_404(client, other_editor, kupang):
    practice = PracticeFactory(member=kupang, title="Asli")
    client.force_login(other_editor)
    assert client.get(edit_url(practice)).status_code == HTTPStatus.NOT_FOUND
    assert (
        client.post(edit_url(practice), form_data(title="Dibajak")).status_code
        == HTTPStatus.NOT_FOUND
    )
    practice.refresh_from_db()
    assert practice.title == "Asli"


def test_edit_of_a_submitted_practice_is_403(client, editor, kupang):
    practice = PracticeFactory(member=kupang, status=Practice.Status.SUBMITTED)
    client.force_login(editor)
    response = client.get(edit_url(practice))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Status praktik ini “Diajukan untuk ditinjau”" in response.content.decode()
    assert (
        client.post(edit_url(practice), form_data(title="Ubah")).status_code == HTTPStatus.FORBIDDEN
    )
    practice.refresh_from_db()
    assert practice.title != "Ubah"


def test_edit_cannot_move_a_practice_to_another_city(client, editor, kupang, sidoarjo):
    practice = PracticeFactory(member=kupang)
    client.force_login(editor)
    client.post(edit_url(practice), form_data(title="Baru", member=str(sidoarjo.pk)))
    practice.refresh_from_db()
    assert practice.member == kupang and practice.title == "Baru"


def test_submit_view(client, editor, kupang):
    practice = PracticeFactory(member=kupang)
    client.force_login(editor)
    url = reverse("practices:submit", kwargs={"slug": practice.slug})
    assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = client.post(url)
    assert response.status_code == HTTPStatus.FOUND
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN


def test_submit_view_for_an_incomplete_practice_returns_to_the_form(client, editor, kupang):
    practice = PracticeFactory(member=kupang, results="")
    client.force_login(editor)
    response = client.post(reverse("practices:submit", kwargs={"slug": practice.slug}))
    assert response["Location"] == edit_url(practice)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT


def test_submit_view_for_another_city_is_404(client, other_editor, kupang):
    practice = PracticeFactory(member=kupang)
    client.force_login(other_editor)
    response = client.post(reverse("practices:submit", kwargs={"slug": practice.slug}))
    assert response.status_code == HTTPStatus.NOT_FOUND
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    assert not practice.transitions.filter(to_status=Practice.Status.SUBMITTED).exists()


def test_expired_session_keeps_the_typed_text(client, editor, kupang):
    practice = PracticeFactory(member=kupang)
    expire_session(client, editor)
    response = client.post(
        edit_url(practice), form_data(title="Judul", problem="Teks panjang yang diketik")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert client.session[UNSAVED_SESSION_KEY]["data"]["problem"] == ["Teks panjang yang diketik"]
    client.force_login(editor)
    content = client.get(edit_url(practice)).content.decode()
    assert "Teks panjang yang diketik" in content
    assert UNSAVED_SESSION_KEY not in client.session
    practice.refresh_from_db()
    assert practice.problem != "Teks panjang yang diketik"


# Reading -------------------------------------------------------------------------


def test_draft_is_hidden_from_the_public_and_other_cities(client, kupang, other_editor):
    practice = PracticeFactory(member=kupang)
    url = practice.get_absolute_url()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(other_editor)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(SecretariatUserFactory())
    assert client.get(url).status_code == HTTPStatus.OK


def test_editor_sees_draft_status_missing_parts_and_history(client, editor, kupang):
    practice = PracticeFactory(
        member=kupang, status=Practice.Status.CHANGES_REQUESTED, review_note="Foto kurang"
    )
    client.force_login(editor)
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "Foto kurang" in content
    assert edit_url(practice) in content
    assert 'name="robots" content="noindex"' in content


def test_published_page_shows_the_write_up(client, kupang):
    practice = PublishedPracticeFactory(
        member=kupang,
        problem="Masalah **penting**",
        budget=12500000,
        funding_source="apbd",
        awards="Top 45 KIPP 2019",
        contact_name="Ibu Maria",
        contact_email="maria@kupangkota.go.id",
    )
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "Masalah <strong>penting</strong>" in content
    assert "Rp12.500.000" in content
    assert "Top 45 KIPP 2019" in content
    assert "Kota dan Permukiman yang Berkelanjutan" in content
    assert "Ibu Maria" not in content and "maria@kupangkota.go.id" not in content


def test_contact_is_shown_to_city_staff_of_any_member(client, kupang, other_editor):
    practice = PublishedPracticeFactory(member=kupang, contact_name="Ibu Maria")
    client.force_login(other_editor)
    assert "Ibu Maria" in client.get(practice.get_absolute_url()).content.decode()


def test_script_in_the_text_never_survives(client, kupang):
    practice = PublishedPracticeFactory(
        member=kupang,
        summary="<script>alert(1)</script>Aman",
        problem='<img src=x onerror="alert(1)"> [klik](javascript:alert(1))',
    )
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content
    assert "onerror" not in content
    assert "javascript:alert" not in content
    list_content = client.get(reverse("practices:list")).content.decode()
    assert "<script>alert(1)" not in list_content


def test_related_practices_share_a_theme(client, kupang, sidoarjo):
    practice = PublishedPracticeFactory(member=kupang, themes=["mobility"])
    related = PublishedPracticeFactory(member=sidoarjo, themes=["mobility"], title="Bus kota")
    PublishedPracticeFactory(member=sidoarjo, themes=["culture-heritage"], title="Tari adat")
    PracticeFactory(member=sidoarjo, themes=["mobility"], title="Draf rahasia")
    response = client.get(practice.get_absolute_url())
    assert list(response.context["related"]) == [related]


def test_unknown_slug_is_404(client):
    assert (
        client.get(reverse("practices:detail", kwargs={"slug": "tidak-ada"})).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_attachment_download_checks_visibility(client, kupang, other_editor, editor):
    practice = PracticeFactory(member=kupang)
    attachment = PracticeAttachment.objects.create(
        practice=practice, title="Laporan", file=pdf_upload()
    )
    url = attachment.get_absolute_url()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(other_editor)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith("attachment;")
    assert "laporan.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    other = PracticeFactory(member=kupang)
    assert (
        client.get(
            reverse("practices:attachment", kwargs={"slug": other.slug, "pk": attachment.pk})
        ).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_member_profile_lists_its_published_practices(client, kupang):
    PublishedPracticeFactory(member=kupang, title="Praktik terbit")
    PracticeFactory(member=kupang, title="Praktik draf")
    content = client.get(kupang.get_absolute_url()).content.decode()
    assert "Praktik terbit" in content
    assert "Praktik draf" not in content
    assert content.index("practices-heading") < content.index("officers-heading")


def test_nav_shows_practices(client):
    # Sentence case, like every other label of the site
    indonesian = client.get(in_indonesian("home")).content.decode()
    assert f'{in_indonesian("practices:list")}">Praktik baik</a></li>' in indonesian
    english = client.get(in_english("home")).content.decode()
    assert f'{in_english("practices:list")}">Best practices</a></li>' in english


def test_editing_keeps_earlier_uploads_without_checking_them_again(client, editor):
    client.force_login(editor)
    data = form_data(cover=png_upload("sampul.png"), **{"upload-new_documents": [pdf_upload()]})
    assert client.post(NEW_URL, data).status_code == HTTPStatus.FOUND
    practice = Practice.objects.get()
    attachment = practice.attachments.get()
    data = form_data(title="Judul baru", **management("attachments", total=1, initial=1))
    data.update(
        {
            "attachments-0-id": str(attachment.pk),
            "attachments-0-title": "Laporan",
            "attachments-0-order": "1",
        }
    )
    response = client.post(edit_url(practice), data)
    assert response.status_code == HTTPStatus.FOUND
    practice.refresh_from_db()
    assert practice.title == "Judul baru" and practice.cover
    assert practice.attachments.count() == 1


def test_pages_exist_in_english(client, kupang):
    practice = PublishedPracticeFactory(member=kupang, themes=["smart-city"])
    content = client.get(in_english("practices:list", query="theme=smart-city")).content.decode()
    assert "1 practice found" in content
    assert "Theme: <strong>Smart city</strong>" in content
    detail = client.get(in_english("practices:detail", slug=practice.slug)).content.decode()
    assert "At a glance" in detail and "Sustainable Cities and Communities" in detail


def test_list_offers_writing_only_to_approved_staff(client, editor):
    assert NEW_URL not in client.get(reverse("practices:list")).content.decode()
    client.force_login(editor)
    assert NEW_URL in client.get(reverse("practices:list")).content.decode()


def test_practice_links_to_the_event_where_it_was_presented(client, kupang):
    from tests.factories import EventFactory, PublishedPracticeFactory

    event = EventFactory(host=kupang, title="Seminar Berbagi Praktik Baik")
    practice = PublishedPracticeFactory(member=kupang, presented_at=event)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert event.get_absolute_url() in page
    assert "Seminar Berbagi Praktik Baik" in page
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert practice.get_absolute_url() in event_page


def test_city_staff_are_told_why_a_published_practice_has_no_edit_button(client, kupang, editor):
    practice = PublishedPracticeFactory(member=kupang)
    client.force_login(editor)
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "Diterbitkan: semua orang dapat membaca praktik ini." in content
    assert reverse("practices:edit", args=[practice.slug]) not in content
    # The public sees no review box at all
    client.logout()
    public = client.get(practice.get_absolute_url()).content.decode()
    assert "Diterbitkan: semua orang" not in public
    # The secretariat sees the history, without advice to write to itself
    client.force_login(SecretariatUserFactory())
    content = client.get(practice.get_absolute_url()).content.decode()
    assert 'id="review-heading"' in content
    assert "Diterbitkan: semua orang" not in content
