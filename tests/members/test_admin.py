import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import Member

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 64)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@citynet.test", password="x")
    client.force_login(admin)
    return client


def member_form_data(member, **extra):
    data = {
        "name": member.name,
        "slug": member.slug,
        "code": member.code,
        "kind": member.kind,
        "province": member.province_id,
        "is_active_member": "on",
        "officer_terms-TOTAL_FORMS": "0",
        "officer_terms-INITIAL_FORMS": "0",
        "officer_terms-MIN_NUM_FORMS": "0",
        "officer_terms-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_changelist_search_and_filters(admin_client):
    response = admin_client.get("/admin/members/member/", {"q": "53.71"})
    assert response.status_code == HTTPStatus.OK
    assert "Kota Kupang" in response.content.decode()
    response = admin_client.get(
        "/admin/members/member/", {"kind__exact": "kota", "province__id__exact": "1"}
    )
    assert response.status_code == HTTPStatus.OK


def test_member_autocomplete(admin_client):
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "kupang",
            "app_label": "members",
            "model_name": "officerterm",
            "field_name": "member",
        },
    )
    assert response.status_code == HTTPStatus.OK
    names = sorted(item["text"] for item in response.json()["results"])
    assert names == ["Kabupaten Kupang", "Kota Kupang"]


def test_valid_logo_is_saved(admin_client, kupang):
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = admin_client.post(
        f"/admin/members/member/{kupang.pk}/change/", member_form_data(kupang, logo=logo)
    )
    assert response.status_code == HTTPStatus.FOUND
    kupang.refresh_from_db()
    assert kupang.logo.name.startswith("members/logos/")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.jpg", b"this is only text, renamed", "not a valid image"),
        ("doc.gif", b"GIF89a" + b"\x00" * 100, "not a valid image"),
    ],
)
def test_bad_logo_is_rejected_and_nothing_saved(admin_client, kupang, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = admin_client.post(
        f"/admin/members/member/{kupang.pk}/change/",
        member_form_data(kupang, logo=upload, head_name="Changed"),
    )
    assert response.status_code == HTTPStatus.OK
    assert "logo" in response.context["adminform"].form.errors
    kupang.refresh_from_db()
    assert kupang.head_name == ""
    assert not kupang.logo


def test_oversized_logo_is_rejected(admin_client, kupang):
    big = png_bytes() + b"\x00" * (3 * 1024 * 1024)
    upload = SimpleUploadedFile("big.png", big, content_type="image/png")
    response = admin_client.post(
        f"/admin/members/member/{kupang.pk}/change/", member_form_data(kupang, logo=upload)
    )
    assert response.status_code == HTTPStatus.OK
    assert "logo" in response.context["adminform"].form.errors
    assert not Member.objects.get(pk=kupang.pk).logo
