"""Every image the portal stores is re-encoded without metadata, whichever way it came."""

import io
from http import HTTPStatus

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from PIL import Image

from core.models import CleanImageField, RenditionsMixin
from practices.models import Practice
from tests.practices.conftest import form_data

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (10.0, 9.0, 51.0), 3: "E", 4: (123.0, 35.0, 0.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SecretXmpPayload</x:xmpmeta>'
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), "teal").save(buffer, "JPEG", exif=exif, xmp=xmp)
    data = buffer.getvalue()
    assert b"SecretCameraMaker" in data and b"SecretXmpPayload" in data
    return data


def assert_clean(field_file):
    with field_file.storage.open(field_file.name, "rb") as handle:
        data = handle.read()
    assert b"SecretCameraMaker" not in data
    assert b"SecretXmpPayload" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
        assert "xmp" not in image.info


def upload(name="photo.jpg"):
    return SimpleUploadedFile(name, jpeg_with_metadata(), content_type="image/jpeg")


def test_member_logo_uploaded_in_the_admin_loses_its_metadata(client, secretariat_user, kupang):
    from tests.members.test_admin import member_form_data

    client.force_login(secretariat_user)
    response = client.post(
        reverse("admin:members_member_change", args=[kupang.pk]),
        member_form_data(kupang, logo=upload("logo.jpg")),
    )
    assert response.status_code == HTTPStatus.FOUND
    kupang.refresh_from_db()
    assert kupang.logo.name.startswith("members/logos/")
    assert_clean(kupang.logo)


def test_practice_cover_uploaded_in_the_form_loses_its_metadata(client, kupang):
    from tests.factories import ApprovedAffiliationFactory

    editor = ApprovedAffiliationFactory(member=kupang).user
    client.force_login(editor)
    response = client.post(reverse("practices:new"), form_data(cover=upload(), cover_alt="Foto"))
    assert response.status_code == HTTPStatus.FOUND
    practice = Practice.objects.get()
    assert practice.cover
    assert_clean(practice.cover)


def test_every_image_field_is_cleaned_on_save():
    """A new ImageField must be a CleanImageField or the image of a RenditionsMixin."""
    unclean = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.ImageField) or isinstance(field, CleanImageField):
                continue
            if issubclass(model, RenditionsMixin) and model.image_field_name == field.name:
                continue
            unclean.append(f"{model._meta.label}.{field.name}")
    assert unclean == []
