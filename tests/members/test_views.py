import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import Member, OfficerTerm
from tests.factories import MemberFactory, OfficerTermFactory, PositionFactory
from tests.paths import in_english

pytestmark = pytest.mark.django_db


def members_url(language="id"):
    with translation.override(language):
        return reverse("members:list")


def test_directory_lists_members_with_count(client):
    response = client.get(members_url())
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "514 anggota ditemukan" in content
    assert 'lang="id"' in content


def test_directory_in_english(client):
    response = client.get(members_url("en"))
    assert response.status_code == HTTPStatus.OK
    assert "514 members found" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


def test_filter_by_province_and_kind(client):
    response = client.get(members_url(), {"province": "53", "kind": "kota"})
    names = [member.name for member in response.context["object_list"]]
    assert names == ["Kota Kupang"]


def test_filter_by_province_only(client):
    response = client.get(members_url(), {"province": "53"})
    assert response.context["paginator"].count == 22
    assert all(m.province.code == "53" for m in response.context["object_list"])


def test_search_by_name(client):
    response = client.get(members_url(), {"q": "kupang"})
    names = sorted(member.name for member in response.context["object_list"])
    assert names == ["Kabupaten Kupang", "Kota Kupang"]


def test_filter_by_membership_status(client):
    Member.objects.filter(code="53.71").update(is_active_member=False)
    response = client.get(members_url(), {"status": "inactive"})
    assert [m.code for m in response.context["object_list"]] == ["53.71"]
    response = client.get(members_url(), {"status": "active"})
    assert response.context["paginator"].count == 513


@pytest.mark.parametrize(
    "params",
    [
        {"province": "99"},
        {"province": "abc"},
        {"kind": "desa"},
        {"status": "maybe"},
        {"q": "x" * 500},
    ],
)
def test_bad_filter_values_are_reported_not_500(client, params):
    response = client.get(members_url(), params)
    assert response.status_code == HTTPStatus.OK
    assert response.context["filter"].form.errors
    assert "tidak dipahami" in response.content.decode()


def test_page_out_of_range_is_404(client):
    assert client.get(members_url(), {"page": "999"}).status_code == HTTPStatus.NOT_FOUND
    assert client.get(members_url(), {"page": "abc"}).status_code == HTTPStatus.NOT_FOUND
    assert client.get(members_url(), {"page": "2"}).status_code == HTTPStatus.OK


def test_profile_page(client):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    response = client.get(reverse("members:detail", kwargs={"slug": "kota-kupang"}))
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Kota Kupang" in content
    assert "Jefri Riwu Kore" in content
    assert "Wali Kota" in content
    assert "550.000" in content
    assert "WITA" in content
    assert "Nusa Tenggara Timur" in content


def test_profile_lists_officers(client):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    content = client.get(in_english("members:detail", slug="kabupaten-sidoarjo")).content.decode()
    assert "Saiful Ilah" in content
    assert "Ahmad Zaini" in content
    assert "President" in content
    assert "Bupati" in content


def test_unknown_profile_is_404(client):
    response = client.get(reverse("members:detail", kwargs={"slug": "kota-atlantis"}))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "tidak dapat menemukan" in response.content.decode()


def test_officers_page_current_and_past(client, sidoarjo):
    president = PositionFactory(slug="president", name_id="Presiden", name_en="President")
    OfficerTermFactory(
        position=president,
        person_name="Past President",
        member=sidoarjo,
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 1, 1),
    )
    OfficerTermFactory(
        position=president,
        person_name="Saiful Ilah",
        member=sidoarjo,
        known_in_office_on=datetime.date(2019, 9, 3),
    )
    response = client.get(reverse("members:officers"))
    content = response.content.decode()
    assert [t.person_name for t in response.context["current_terms"]] == ["Saiful Ilah"]
    assert "Past President" in content
    assert "3 September 2019" in content


def test_officer_end_before_start_is_rejected():
    from django.core.exceptions import ValidationError

    term = OfficerTermFactory.build(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2019, 1, 1)
    )
    with pytest.raises(ValidationError):
        term.clean()


def test_officer_term_current_queryset():
    today = datetime.date(2026, 1, 1)
    ended = OfficerTermFactory(end_date=datetime.date(2020, 1, 1))
    open_ended = OfficerTermFactory()
    assert list(OfficerTerm.objects.current(today)) == [open_ended]
    assert list(OfficerTerm.objects.past(today)) == [ended]


@pytest.mark.parametrize("extra", [0, 300])
def test_directory_query_count_does_not_grow(client, django_assert_num_queries, extra):
    MemberFactory.create_batch(extra)
    # count, page of members, provinces for the filter's select
    with django_assert_num_queries(3):
        client.get(members_url(), {"q": "kota"})


@pytest.mark.parametrize("extra", [0, 20])
def test_officers_query_count_does_not_grow(client, django_assert_num_queries, extra):
    OfficerTermFactory.create_batch(extra + 1)
    OfficerTermFactory.create_batch(extra + 1, end_date=datetime.date(2000, 1, 1))
    # current terms, positions, past terms of those positions
    with django_assert_num_queries(3):
        client.get(reverse("members:officers"))


@pytest.mark.parametrize("extra", [0, 20])
def test_profile_query_count_does_not_grow(client, django_assert_num_queries, extra, kupang):
    OfficerTermFactory.create_batch(extra, member=kupang)
    # member, officer terms, hosted events, published practices, replications both ways
    with django_assert_num_queries(5):
        client.get(kupang.get_absolute_url())


def test_directory_sorts_by_name_without_the_kind_prefix(client):
    response = client.get(members_url(), {"q": "kupang"})
    assert [m.name for m in response.context["object_list"]] == ["Kabupaten Kupang", "Kota Kupang"]
    # Page 1 of the whole directory mixes kota and kabupaten, A first.
    names = [m.name for m in client.get(members_url()).context["object_list"]]
    assert names[0] == "Kabupaten Aceh Barat"
    assert "Kota Ambon" in names and "Kota Banda Aceh" in names
    short_names = [Member(name=name).short_name for name in names]
    assert short_names == sorted(short_names)


def test_kota_kupang_stands_beside_kabupaten_kupang(client):
    names = []
    for page in range(1, 19):
        names += [m.name for m in client.get(members_url(), {"page": page}).context["object_list"]]
    assert len(names) == 514
    assert names[names.index("Kabupaten Kupang") + 1] == "Kota Kupang"
    assert names.index("Kota Kupang") < 30 * 12  # page 12 or before, not 17 of 18


def test_sort_name_follows_a_bulk_update(client):
    Member.objects.filter(code="53.71").update(name="Kota Administrasi Zzz")
    assert Member.objects.get(code="53.71").sort_name == "Zzz"
    assert MemberFactory(name="Tanpa Awalan").sort_name == "Tanpa Awalan"


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("province", lambda m: (m.province.name, m.sort_name, m.name)),
        ("code", lambda m: m.code),
        ("name", lambda m: (m.sort_name, m.name)),
    ],
)
def test_sort_options(client, sort, key):
    response = client.get(members_url(), {"sort": sort, "kind": "kota"})
    members = list(response.context["object_list"])
    assert members == sorted(members, key=key)
    assert response.context["paginator"].count == 98
    content = response.content.decode()
    # The sort is kept in the form and in the pagination links.
    assert f'<option value="{sort}" selected>' in content
    assert f"sort={sort}" in content.split('class="pagination"')[1]


def test_unknown_sort_is_reported_and_falls_back_to_name(client):
    response = client.get(members_url(), {"sort": "population"})
    assert response.status_code == HTTPStatus.OK
    assert "sort" in response.context["filter"].form.errors
    assert "tidak dipahami" in response.content.decode()
    names = [m.name for m in response.context["object_list"]]
    assert names[0] == "Kabupaten Aceh Barat"


def test_sort_labels_in_english(client):
    content = client.get(members_url("en"), {"sort": "code"}).content.decode()
    assert "Sort by" in content and "Kemendagri code" in content
