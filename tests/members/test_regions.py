from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from members.models import Member, Province

pytestmark = pytest.mark.django_db


def test_all_regions_are_loaded():
    assert Province.objects.count() == 38
    assert Member.objects.count() == 514
    assert Member.objects.kabupaten().count() == 416
    assert Member.objects.kota().count() == 98


@pytest.mark.parametrize(
    ("code", "name", "slug", "kind", "province"),
    [
        ("53.71", "Kota Kupang", "kota-kupang", "kota", "53"),
        ("35.15", "Kabupaten Sidoarjo", "kabupaten-sidoarjo", "kabupaten", "35"),
        ("63.72", "Kota Banjarbaru", "kota-banjarbaru", "kota", "63"),
    ],
)
def test_known_codes(code, name, slug, kind, province):
    member = Member.objects.get(code=code)
    assert (member.name, member.slug, member.kind, member.province.code) == (
        name,
        slug,
        kind,
        province,
    )


def test_newer_papua_provinces_have_members():
    for name in ["Papua Selatan", "Papua Tengah", "Papua Pegunungan", "Papua Barat Daya"]:
        province = Province.objects.get(name=name)
        assert province.members.exists()
        assert province.time_zone == "Asia/Jayapura"


def test_kepulauan_is_written_out():
    assert Member.objects.get(code="71.09").name.startswith("Kabupaten Kepulauan")
    assert not Member.objects.filter(name__contains="Kep.").exists()


def test_slugs_are_lowercase_ascii_and_unique():
    slugs = list(Member.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 514
    assert all(slug.isascii() and slug == slug.lower() for slug in slugs)


def test_time_zones_follow_the_province():
    assert Member.objects.get(code="53.71").time_zone_abbreviation == "WITA"
    assert Member.objects.get(code="35.15").time_zone_abbreviation == "WIB"
    assert Member.objects.get(code="63.72").time_zone_abbreviation == "WITA"
    assert Member.objects.get(code="91.71").time_zone_abbreviation == "WIT"


def test_loader_is_idempotent_and_keeps_edits():
    Member.objects.filter(code="53.71").update(head_name="Someone", districts=7)
    call_command("load_regions", verbosity=0)
    call_command("load_regions", verbosity=0)
    assert Member.objects.count() == 514
    assert Province.objects.count() == 38
    kupang = Member.objects.get(code="53.71")
    assert kupang.head_name == "Someone"
    assert kupang.districts == 7


def test_load_demo_is_idempotent():
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    kupang = Member.objects.get(slug="kota-kupang")
    assert kupang.head_name == "Jefri Riwu Kore"
    assert kupang.population == 550_000
    assert (kupang.districts, kupang.villages) == (6, 51)
    assert kupang.officer_terms.count() == 0
    sidoarjo = Member.objects.get(slug="kabupaten-sidoarjo")
    assert sorted(sidoarjo.officer_terms.values_list("person_name", flat=True)) == [
        "Ahmad Zaini",
        "Saiful Ilah",
    ]
    assert Member.objects.count() == 514


def test_short_name_drops_the_kind():
    assert Member.objects.get(code="53.71").short_name == "Kupang"
    assert Member.objects.get(code="31.01").short_name == "Kepulauan Seribu"


def test_load_demo_superuser_can_sign_in_on_the_site(client):
    call_command("load_demo", admin_email="Admin@Citynet.test", verbosity=0)
    call_command("load_demo", admin_email="admin@citynet.test", verbosity=0)
    response = client.post(
        reverse("account_login"), {"login": "admin@citynet.test", "password": "citynet-demo"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] != reverse("account_email_verification_sent")
    assert client.get(reverse("users:account")).status_code == HTTPStatus.OK
