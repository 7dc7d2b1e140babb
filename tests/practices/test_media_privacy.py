"""Files of unpublished practices are private also where media is served from the
server's own disk: /media/practices/... passes the practice's permission check."""

from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile

from practices.models import Practice, PracticeAttachment, PracticeImage
from tests.factories import (
    ApprovedAffiliationFactory,
    PracticeFactory,
    PublishedPracticeFactory,
    ReplicationFactory,
    UserFactory,
)

from .conftest import PDF_BYTES, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _served_by_django(settings):
    """As in development: Django sends the bytes itself (no nginx in front)."""
    settings.MEDIA_ACCEL_REDIRECT = ""


def with_files(practice):
    """A cover and a gallery image wide enough for renditions, and a PDF attachment."""
    practice.cover = png_upload("sampul.png", width=900, height=300)
    practice.cover_alt = "Sampul"
    practice.save()
    image = PracticeImage(practice=practice, alt_text="Foto kegiatan")
    image.image = png_upload("kegiatan.png", width=900, height=300)
    image.save()
    attachment = PracticeAttachment(practice=practice, title="Laporan")
    attachment.file.save("laporan.pdf", ContentFile(PDF_BYTES), save=False)
    attachment.save()
    return practice


def file_urls(practice) -> list[str]:
    image = practice.images.get()
    urls = [practice.cover.url, image.image.url, practice.attachments.get().file.url]
    urls += [practice.cover.storage.url(item["name"]) for item in practice.renditions]
    urls += [image.image.storage.url(item["name"]) for item in image.renditions]
    assert len(urls) == 7  # two renditions (400w, 800w) of each picture
    assert all(url.startswith("/media/practices/") for url in urls)
    return urls


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def draft(kupang, editor):
    return with_files(PracticeFactory(member=kupang, created_by=editor))


def test_anonymous_visitor_gets_404_for_every_file_of_a_draft(client, draft):
    for url in file_urls(draft):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_other_region_staff_and_plain_users_get_404(client, draft, other_editor):
    for user in [other_editor, UserFactory()]:
        client.force_login(user)
        for url in file_urls(draft):
            assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_the_author_their_colleague_and_the_secretariat_get_the_files(
    client, draft, editor, kupang, secretariat_user
):
    colleague = ApprovedAffiliationFactory(member=kupang).user
    for user in [editor, colleague, secretariat_user]:
        client.force_login(user)
        for url in file_urls(draft):
            response = client.get(url)
            assert response.status_code == HTTPStatus.OK, url
            assert "no-store" in response["Cache-Control"]
            assert "private" in response["Cache-Control"]
    cover = client.get(draft.cover.url)
    assert cover["Content-Type"] == "image/png"
    assert body(cover) == draft.cover.open("rb").read()
    pdf = client.get(draft.attachments.get().file.url)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == "attachment"
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert body(pdf) == PDF_BYTES


def test_published_practice_files_work_for_everyone_at_the_same_url(client, kupang, editor):
    practice = with_files(PracticeFactory(member=kupang, created_by=editor))
    urls = file_urls(practice)
    assert client.get(urls[0]).status_code == HTTPStatus.NOT_FOUND
    practice.status = Practice.Status.PUBLISHED
    practice.save()
    assert file_urls(practice) == urls  # publication does not move the files
    for url in urls:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert "public" in response["Cache-Control"]
    page = client.get(practice.get_absolute_url()).content.decode()
    assert practice.cover.url in page or practice.renditions[0]["name"] in page


def test_replication_evidence_follows_the_practice(client, kupang, sidoarjo):
    practice = PublishedPracticeFactory(member=kupang)
    replication = ReplicationFactory(practice=practice, member=sidoarjo)
    replication.evidence_file.save("bukti.pdf", ContentFile(PDF_BYTES))
    url = replication.evidence_file.url
    assert client.get(url).status_code == HTTPStatus.OK
    practice.status = Practice.Status.DRAFT
    practice.save()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_in_production_nginx_sends_the_bytes_from_an_internal_location(
    client, draft, editor, settings
):
    settings.MEDIA_ACCEL_REDIRECT = "/internal-media/"
    url = draft.cover.url
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert "X-Accel-Redirect" not in client.get(url)
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["X-Accel-Redirect"] == "/internal-media/" + draft.cover.name
    assert response["Content-Type"] == "image/png"
    assert response.content == b""


@pytest.mark.parametrize(
    "path",
    [
        "/media/practices/images/2026/nothing.png",
        "/media/practices/../secret.txt",
        "/media/practices/images/%2e%2e/%2e%2e/settings.py",
        "/media/practices/other/x.png",
        "/media/practices/x",
    ],
)
def test_unknown_or_crafted_paths_are_404(client, secretariat_user, path):
    client.force_login(secretariat_user)
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_other_media_is_not_served_by_this_view(client):
    """Other files (news covers, logos) stay served directly by the web server."""
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve("/media/news/covers/x.png")
