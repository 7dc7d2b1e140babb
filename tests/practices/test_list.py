import datetime
from http import HTTPStatus

import pytest
from django.utils import timezone

from members.models import Member
from practices.models import SDG, Practice, Theme
from practices.search import update_search_vector
from tests.factories import PracticeFactory, PublishedPracticeFactory
from tests.paths import in_indonesian

pytestmark = pytest.mark.django_db

LIST_URL = in_indonesian("practices:list")


def titles(response):
    return [practice.title for practice in response.context["object_list"]]


@pytest.fixture
def catalogue(kupang, sidoarjo):
    waste = PublishedPracticeFactory(
        member=kupang,
        title="Bank sampah kelurahan",
        themes=["waste-circular-economy"],
        sdgs=[11, 12],
        start_date=datetime.date(2019, 3, 1),
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    digital = PublishedPracticeFactory(
        member=sidoarjo,
        title="Perizinan daring",
        themes=["digital-public-services"],
        sdgs=[16],
        start_date=datetime.date(2021, 5, 1),
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    PracticeFactory(member=kupang, title="Draf tersembunyi", themes=["waste-circular-economy"])
    return {"waste": waste, "digital": digital}


def test_lists_only_published_newest_first(client, catalogue):
    response = client.get(LIST_URL)
    assert response.status_code == HTTPStatus.OK
    assert titles(response) == ["Perizinan daring", "Bank sampah kelurahan"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=waste-circular-economy", ["Bank sampah kelurahan"]),
        ("sdg=16", ["Perizinan daring"]),
        ("province=53", ["Bank sampah kelurahan"]),
        ("member=kabupaten-sidoarjo", ["Perizinan daring"]),
        ("year=2019", ["Bank sampah kelurahan"]),
        ("theme=waste-circular-economy&sdg=12&province=53&year=2019", ["Bank sampah kelurahan"]),
        ("theme=waste-circular-economy&province=35", []),
    ],
)
def test_filters_combine(client, catalogue, query, expected):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == HTTPStatus.OK
    assert titles(response) == expected


def test_active_filters_are_shown_with_remove_links(client, catalogue):
    response = client.get(f"{LIST_URL}?theme=waste-circular-economy&sdg=12&page=1")
    chips = response.context["active_filters"]
    assert [chip["remove_query"] for chip in chips] == ["?sdg=12", "?theme=waste-circular-economy"]
    content = response.content.decode()
    assert f'href="{LIST_URL}?sdg=12"' in content
    assert "Sampah dan Ekonomi Sirkular" in content


@pytest.mark.parametrize(
    "query",
    [
        "sdg=0",
        "sdg=18",
        "sdg=abc",
        "year=abc",
        "year=99999",
        "theme=tidak-ada",
        "province=99",
        "member=kota-antah",
        "sort=random",
        "q=" + "x" * 201,
        "q=%00",
        "sdg=1.5",
        "province=%00",
        "year=2019.5",
        "member=%00",
    ],
)
def test_bad_filter_values_show_a_message_not_a_500(client, catalogue, query):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == HTTPStatus.OK
    assert response.context["filter"].form.errors
    assert 'role="alert"' in response.content.decode()
    assert len(response.context["object_list"]) == 2


def test_page_out_of_range_is_404(client, catalogue):
    assert client.get(f"{LIST_URL}?page=99").status_code == HTTPStatus.NOT_FOUND


def test_text_query_finds_words_from_the_body(client, catalogue):
    Practice.objects.filter(pk=catalogue["digital"].pk).update(activities="Aplikasi retribusi")
    from practices.search import update_search_vector

    update_search_vector([catalogue["digital"].pk])
    response = client.get(f"{LIST_URL}?q=retribusi")
    assert titles(response) == ["Perizinan daring"]


def test_member_filter_offers_only_members_with_practices(client, catalogue):
    choices = client.get(LIST_URL).context["filter"].form.fields["member"].choices
    assert {slug for slug, _name in choices if slug} == {"kota-kupang", "kabupaten-sidoarjo"}


def _bulk_practices(count):
    members = list(Member.objects.order_by("pk")[:20])
    themes = list(Theme.objects.all())
    sdgs = list(SDG.objects.all())
    now = timezone.now()
    practices = Practice.objects.bulk_create(
        [
            Practice(
                member=members[index % len(members)],
                title=f"Praktik {index}",
                slug=f"praktik-{index}",
                summary="Ringkasan praktik baik.",
                status=Practice.Status.PUBLISHED,
                published_at=now - datetime.timedelta(minutes=index),
                start_date=datetime.date(2015 + index % 8, 1, 1),
            )
            for index in range(count)
        ]
    )
    Through = Practice.themes.through
    Through.objects.bulk_create(
        [Through(practice=p, theme=themes[i % len(themes)]) for i, p in enumerate(practices)]
    )
    SDGThrough = Practice.sdgs.through
    SDGThrough.objects.bulk_create(
        [SDGThrough(practice=p, sdg=sdgs[i % len(sdgs)]) for i, p in enumerate(practices)]
    )
    update_search_vector([practice.pk for practice in practices])


# count, page, themes prefetch, and the filter form's choices: theme, SDG, province, member;
# a theme and an SDG filter each look their value up once more. The member choices are
# cached until content changes, so the second request in a test does not ask again. With
# the form, its five facet counts (one grouped query each; cached, see test_facets.py).
FILTERED_QUERIES = 9 + 5
LIST_QUERIES = 6 + 5


@pytest.mark.parametrize("count", [10, 1000])
def test_list_renders_in_a_fixed_number_of_queries(client, count, django_assert_num_queries):
    _bulk_practices(count)
    with django_assert_num_queries(FILTERED_QUERIES):
        response = client.get(f"{LIST_URL}?theme=digital-public-services&sdg=1")
    assert response.status_code == HTTPStatus.OK
    assert response.context["object_list"]
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(f"{LIST_URL}?q=ringkasan")
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["object_list"]) == min(count, 12)


def test_member_chip_shows_the_members_name(client, catalogue):
    response = client.get(f"{LIST_URL}?member=kabupaten-sidoarjo")
    chips = response.context["active_filters"]
    assert [chip["value"] for chip in chips] == ["Kabupaten Sidoarjo"]
    assert chips[0]["remove_query"] == ""
