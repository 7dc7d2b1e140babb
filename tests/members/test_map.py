import gzip
import re
from decimal import Decimal
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from members.geo import HEIGHT, WIDTH, in_bounds, project
from members.maps import MAX_RADIUS, MIN_RADIUS, radius
from members.models import Member
from members.services import regions_load
from practices.models import Practice
from tests.factories import MemberFactory, PublishedPracticeFactory

pytestmark = pytest.mark.django_db

KNOWN = [
    ("53.71", "Kota Kupang", -10.15, 123.62),
    ("35.15", "Kabupaten Sidoarjo", -7.45, 112.72),
    ("91.71", "Kota Jayapura", -2.56, 140.69),
]


def map_url(language="id"):
    with translation.override(language):
        return reverse("members:map")


def point_links(content: str) -> list[str]:
    return re.findall(r'<a href="[^"]+" aria-label="[^"]+" class="map-point [^"]+">', content)


@pytest.mark.parametrize(("code", "name", "latitude", "longitude"), KNOWN)
def test_known_seats_are_where_they_should_be(code, name, latitude, longitude):
    member = Member.objects.get(code=code)
    assert member.name == name
    assert abs(float(member.latitude) - latitude) < 0.02
    assert abs(float(member.longitude) - longitude) < 0.02


def test_projection_of_the_known_points():
    # 20 map units a degree from the north-west corner at 94°E, 7°N.
    assert project(-10.15, 123.62) == (592.4, 343.0)
    assert project(-7.45, 112.72) == (374.4, 289.0)
    assert project(-2.56, 140.69) == (933.8, 191.2)
    assert project(7, 94) == (0, 0)
    assert project(-12, 142) == (WIDTH, HEIGHT)


def test_member_map_point_uses_the_projection():
    kupang = Member.objects.get(code="53.71")
    assert kupang.map_point == project(kupang.latitude, kupang.longitude)
    x, y = kupang.map_point
    assert abs(x - 592.4) < 0.5 and abs(y - 343.0) < 0.5


def test_every_member_has_a_point_inside_the_map():
    members = list(Member.objects.all())
    assert len(members) == 514
    assert all(m.latitude is not None and m.longitude is not None for m in members)
    assert all(in_bounds(m.latitude, m.longitude) for m in members)
    assert all(m.seat for m in members)


def test_the_map_shows_all_514_members_as_links(client):
    response = client.get(map_url())
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "514 anggota di peta" in content
    links = point_links(content)
    assert len(links) == 514
    hrefs = {re.search(r'href="([^"]+)"', link).group(1) for link in links}
    assert hrefs == {m.get_absolute_url() for m in Member.objects.all()}
    assert (
        'aria-label="Kota Kupang, Nusa Tenggara Timur: anggota aktif, 0 praktik baik terbit"'
        in content
    )
    assert 'role="group" aria-labelledby="map-title"' in content
    assert "members/map-outline" in content
    assert "<script" not in content.split("</main>")[0].split("<main")[-1]


def test_the_map_in_english(client):
    response = client.get(map_url("en"))
    content = response.content.decode()
    assert "514 members on the map" in content
    assert (
        'aria-label="Kota Kupang, Nusa Tenggara Timur: active member, 0 published practices"'
        in (content)
    )


def test_points_are_coloured_by_status_and_sized_by_published_practices(client, kupang):
    Member.objects.filter(code="35.15").update(is_active_member=False)
    PublishedPracticeFactory.create_batch(4, member=kupang)
    PublishedPracticeFactory(member=kupang, status=Practice.Status.DRAFT, published_at=None)
    content = client.get(map_url("en")).content.decode()
    kupang_point = re.search(
        r'aria-label="Kota Kupang, [^"]+" class="map-point (\S+)"><title>[^<]+</title>'
        r'<circle cx="[\d.]+" cy="[\d.]+" r="([\d.]+)"/>',
        content,
    )
    assert "4 published practices" in kupang_point.group(0)
    assert kupang_point.group(1) == "map-point-active"
    assert float(kupang_point.group(2)) == radius(4) > MIN_RADIUS
    assert re.search(
        r'aria-label="Kabupaten Sidoarjo, [^"]+not an active member[^"]+" '
        r'class="map-point map-point-inactive"',
        content,
    )


def test_radius_grows_with_practices_and_is_capped():
    assert radius(0) == MIN_RADIUS
    assert radius(1) < radius(4) < radius(9)
    assert radius(10_000) == MAX_RADIUS


def test_filters_by_province_and_kind_as_the_directory(client):
    response = client.get(map_url(), {"province": "53", "kind": "kota"})
    links = point_links(response.content.decode())
    assert len(links) == 1
    assert reverse("members:detail", kwargs={"slug": "kota-kupang"}) in links[0]
    response = client.get(map_url(), {"province": "53"})
    assert len(point_links(response.content.decode())) == 22


@pytest.mark.parametrize("params", [{"province": "99"}, {"province": "<x>"}, {"kind": "desa"}])
def test_unknown_filter_is_a_notice_not_an_error(client, params):
    response = client.get(map_url(), params)
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Beberapa penyaring tidak dipahami dan diabaikan" in content
    assert len(point_links(content)) == 514


def test_member_without_position_is_counted_not_drawn(client):
    MemberFactory(name="Kota Tanpa Titik")
    content = client.get(map_url()).content.decode()
    assert len(point_links(content)) == 514
    assert "1 anggota tidak memiliki posisi tercatat" in content
    assert "Kota Tanpa Titik" not in content


@pytest.mark.parametrize("extra", [0, 40])
def test_map_query_count_does_not_grow(client, django_assert_num_queries, extra, kupang):
    PublishedPracticeFactory.create_batch(extra, member=kupang)
    MemberFactory.create_batch(extra)
    # members with their published counts, provinces for the filter's select
    with django_assert_num_queries(2):
        response = client.get(map_url(), {"kind": "kota"})
    assert response.status_code == HTTPStatus.OK


def test_map_page_weighs_at_most_150_kb_compressed(client, kupang):
    PublishedPracticeFactory.create_batch(3, member=kupang)
    response = client.get(map_url(), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    total = len(response.content)
    html = gzip.decompress(response.content)
    for name in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js|svg))"', html):
        path = finders.find(name.decode())
        total += len(gzip.compress(Path(path).read_bytes()))
    assert total <= 150 * 1024, total
    assert settings.STATIC_URL == "/static/"


def test_profile_shows_a_locator_map(client, kupang):
    content = client.get(kupang.get_absolute_url()).content.decode()
    x, y = kupang.map_point
    assert f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img"' in content
    assert "Letak Kota Kupang pada peta Indonesia" in content
    assert f'<circle cx="{x}" cy="{y}" r="12"' in content
    assert "Pusat pemerintahan: Kupang." in content
    assert reverse("members:map") + "?province=53" in content


def test_profile_without_position_has_no_locator(client):
    member = MemberFactory()
    response = client.get(member.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "locator-map" not in response.content.decode().split("</head>")[1]


def test_load_regions_restores_positions_and_is_idempotent():
    Member.objects.filter(code="53.71").update(latitude=None, longitude=None, seat="")
    Member.objects.filter(code="35.15").update(latitude=Decimal("1.00000"))
    result = regions_load()
    assert result.members_created == 0
    assert result.members_updated == 2
    kupang = Member.objects.get(code="53.71")
    assert (kupang.latitude, kupang.longitude, kupang.seat) == (
        Decimal("-10.15390"),
        Decimal("123.61939"),
        "Kupang",
    )
    assert regions_load().members_updated == 0
    call_command("load_regions", verbosity=0)
    assert Member.objects.filter(latitude__isnull=True).count() == 0


def test_signed_in_visitor_gets_the_map_from_the_cache_until_content_changes(
    client, django_assert_num_queries, kupang, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    client.get(map_url(), {"kind": "kota"})
    # session and user: the points and the filter form (its provinces) come from the cache
    with django_assert_num_queries(2):
        client.get(map_url(), {"kind": "kota"})
    with django_capture_on_commit_callbacks(execute=True):  # the cache empties on commit
        PublishedPracticeFactory(member=kupang)
    content = client.get(map_url(), {"kind": "kota"}).content.decode()
    assert "Kota Kupang, Nusa Tenggara Timur: anggota aktif, 1 praktik baik terbit" in content


def test_map_points_are_stored_from_the_primary_and_junk_queries_reuse_them(client, monkeypatch):
    from django.core.cache import cache

    from core import db_routers
    from members import maps
    from tests.factories import UserFactory

    seen = []
    points = maps.points

    def recording(members):
        seen.append(db_routers._primary_reads.get())
        return points(members)

    monkeypatch.setattr(maps, "points", recording)
    client.force_login(UserFactory())  # no page cache: only the map's own entry
    url = reverse("members:map")
    assert client.get(url).status_code == HTTPStatus.OK
    assert client.get(url).status_code == HTTPStatus.OK
    assert seen == [True]
    keys = len(cache._cache)
    for n in range(3):
        response = client.get(url, {"junk": n})
        assert response.status_code == HTTPStatus.OK
        assert "Kota Kupang" in response.content.decode()
    # A parameter the map does not understand changes nothing: the same points, no new entry.
    assert len(cache._cache) == keys
    assert seen == [True]
