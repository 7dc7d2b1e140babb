import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import build_renditions, sanitize_image, validate_image_file
from core.markdown import plain_text, render_markdown


def jpeg_with_exif(size=(2000, 1000)):
    image = Image.new("RGB", size, "orange")
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_sanitize_drops_metadata_and_limits_size():
    data = jpeg_with_exif((4000, 2000))
    assert b"SecretCameraMaker" in data
    clean = sanitize_image(SimpleUploadedFile("photo.jpeg", data), max_side=1000)
    assert b"SecretCameraMaker" not in clean.read()
    clean.seek(0)
    with Image.open(clean) as image:
        assert image.size == (1000, 500)
        assert image.format == "JPEG"
    assert clean.name == "photo.jpg"


def test_renditions_are_narrower_webp(tmp_path):
    storage = FileSystemStorage(location=tmp_path, base_url="/media/")
    name = storage.save("pictures/photo.jpg", io.BytesIO(jpeg_with_exif((1000, 500))))
    renditions = build_renditions(storage, name)
    assert [(item["width"], item["height"]) for item in renditions] == [(400, 200), (800, 400)]
    with storage.open(renditions[0]["name"]) as handle, Image.open(handle) as image:
        assert image.format == "WEBP"


@pytest.mark.parametrize(
    "content",
    [b"plain text pretending", b"%PDF-1.4 not an image", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"],
)
def test_fake_images_are_refused(content):
    with pytest.raises(ValidationError):
        validate_image_file(SimpleUploadedFile("x.jpg", content))


def test_gif_is_refused_even_when_real():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(ValidationError, match="JPEG, PNG, atau WebP"):
        validate_image_file(SimpleUploadedFile("x.gif", buffer.getvalue()))


def test_pixel_bomb_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, "PNG")
    with pytest.raises(ValidationError, match="piksel"):
        validate_image_file(SimpleUploadedFile("bomb.png", buffer.getvalue()), max_pixels=1_000_000)


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_markdown_is_cleaned(dangerous):
    html = render_markdown(f"Hello\n\n{dangerous}")
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html
    assert "Hello" in html


def test_markdown_renders_structure():
    html = render_markdown("# Title\n\n- one\n- two\n\n**bold** [link](https://example.org)")
    assert "<h2>Title</h2>" in html
    assert "<li>one</li>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert plain_text("**bold** text") == "bold text"


@pytest.mark.django_db
def test_a_stored_cover_is_not_read_again_on_a_later_edit(monkeypatch):
    from events.models import Event
    from tests.factories import EventFactory

    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), "teal").save(buffer, "PNG")
    event = EventFactory()
    event.cover = SimpleUploadedFile("cover.png", buffer.getvalue(), "image/png")
    event.save()
    stored = Event.objects.get(pk=event.pk)

    class NoDecoding:
        """PIL.Image as core.images sees it, except that decoding fails the test."""

        def __getattr__(self, name):
            return getattr(Image, name)

        def open(self, *args, **kwargs):
            raise AssertionError("a stored image was decoded again")

    monkeypatch.setattr("core.images.Image", NoDecoding())
    stored.title = "Judul baru"
    stored.full_clean()  # the stored file is closed; it must not be re-validated
    stored.save()
