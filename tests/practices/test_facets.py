"""Facet counts beside the practice list's filter options: counted within every other
filter in use but not the facet's own, checked against the database, in a fixed number of
queries, and cached."""

import datetime
import itertools
import re
from http import HTTPStatus

import pytest
from django.db.models import Count
from django.utils import translation

from practices.models import Practice, Theme
from tests.factories import PracticeFactory, PublishedPracticeFactory, UserFactory
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db

LIST_URL = in_indonesian("practices:list")
THEMES = ["waste-circular-economy", "digital-public-services", "mobility"]
SDGS = [11, 12, 16]
PROGRESS = ["ongoing", "completed", "stopped"]


@pytest.fixture
def varied(kupang, sidoarjo):
    """24 published practices over 2 provinces, 3 themes, 3 SDGs, 3 statuses and 4 years,
    in different combinations, plus a draft that no count may include."""
    members = itertools.cycle([kupang, sidoarjo, kupang])
    for index in range(24):
        PublishedPracticeFactory(
            member=next(members),
            themes=[THEMES[index % 3], *([THEMES[2]] if index % 5 == 0 else [])],
            sdgs=[SDGS[index % 3 - 1], SDGS[index % 2]],
            progress=PROGRESS[index % 3 if index % 4 else 0],
            start_date=datetime.date(2018 + index % 4, 1, 1) if index % 7 else None,
        )
    PracticeFactory(member=kupang, themes=[THEMES[0]], progress="ongoing")


def options(page: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)[1]
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))


def count_in(label: str) -> int:
    return int(re.search(r"\((\d+)\)$", label)[1])


def expected(filters: dict, exclude: str) -> dict[str, dict]:
    """The counts of each facet, straight from the database."""
    queryset = Practice.objects.published()
    for name, value in filters.items():
        if name == exclude:
            continue
        lookup = {
            "theme": "themes__slug",
            "sdg": "sdgs__number",
            "province": "member__province__code",
            "progress": "progress",
            "year": "start_date__year",
        }[name]
        queryset = queryset.filter(**{lookup: value})
    keys = queryset.values("pk")
    grouped = Practice.objects.filter(pk__in=keys)
    field = {
        "theme": "themes__slug",
        "sdg": "sdgs__number",
        "province": "member__province__code",
        "progress": "progress",
        "year": "start_date__year",
    }[exclude]
    rows = grouped.values_list(field).annotate(n=Count("pk", distinct=True)).order_by()
    return {str(value): n for value, n in rows if value is not None}


def assert_counts(page: str, filters: dict) -> None:
    for facet in ("theme", "sdg", "province", "progress", "year"):
        shown = {value: count_in(label) for value, label in options(page, facet).items() if value}
        want = expected(filters, facet)
        assert {v: n for v, n in shown.items() if n} == want, facet
        assert all(value in shown for value in want), facet


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"theme": "mobility"},
        {"theme": "waste-circular-economy", "sdg": 12},
        {"province": "53", "progress": "ongoing"},
        {"theme": "digital-public-services", "province": "35", "year": 2019},
        {"sdg": 11, "progress": "completed", "year": 2020, "theme": "mobility"},
    ],
)
def test_facet_counts_match_the_database_for_combined_filters(client, varied, filters):
    response = client.get(LIST_URL, filters)
    assert response.status_code == HTTPStatus.OK
    assert_counts(response.content.decode(), filters)


def test_counts_are_in_the_option_labels_in_both_languages(client, varied):
    n = expected({}, "theme")["waste-circular-economy"]
    page = client.get(LIST_URL).content.decode()
    with translation.override("id"):
        assert f">{Theme.objects.get(slug='waste-circular-economy')} ({n})</option>" in page
    with translation.override("en"):
        name = str(Theme.objects.get(slug="waste-circular-economy"))
    page_en = client.get(in_english("practices:list")).content.decode()
    assert f"{name} ({n})" in page_en
    assert "Ongoing (" in page_en and "Any year" in page_en
    assert "Berjalan (" in page and "Semua tahun" in page


def test_years_with_practices_are_offered_and_a_chosen_year_stays(client, varied):
    page = client.get(LIST_URL, {"year": 1999}).content.decode()
    years = options(page, "year")
    assert list(years)[:6] == ["", "2021", "2020", "2019", "2018", "1999"]
    assert years["1999"] == "1999 (0)"
    assert '<option value="1999" selected>' in page


def test_bad_filter_values_are_ignored_by_the_counts(client, varied):
    page = client.get(LIST_URL, {"theme": "no-such-theme", "year": "abc"}).content.decode()
    assert "tidak dipahami" in page
    assert_counts(page, {})


def test_counts_follow_a_publication_at_once(
    client, varied, kupang, django_capture_on_commit_callbacks
):
    code = kupang.province.code
    before = count_in(options(client.get(LIST_URL).content.decode(), "province")[code])
    with django_capture_on_commit_callbacks(execute=True):
        PublishedPracticeFactory(member=kupang)
        PracticeFactory(member=kupang)  # a draft counts nowhere
    for user in (None, UserFactory()):
        if user:
            client.force_login(user)
        page = client.get(LIST_URL).content.decode()
        assert count_in(options(page, "province")[code]) == before + 1


# A signed-in list page with a theme and a status filter: session, user, affiliation, the
# theme lookup, what the person follows (their follows and their digest choice; these and
# the affiliation are then kept under their own key), the count, the page, the themes of the cards;
# with the form's HTML not cached, its choices (theme, SDG, province; the members when not
# cached) and the five facet counts.
SIGNED_IN_QUERIES = 9
FORM_QUERIES = 4
FACET_QUERIES = 5


def test_facets_cost_five_grouped_queries_once_then_come_from_the_cache(
    client, varied, django_assert_num_queries
):
    from django.core.cache import cache

    client.force_login(UserFactory())
    url = f"{LIST_URL}?theme=mobility&progress=ongoing"
    cache.clear()
    client.get(url)  # the session's and the member choices' first reads
    cache.clear()
    with django_assert_num_queries(SIGNED_IN_QUERIES + FORM_QUERIES + FACET_QUERIES) as first:
        client.get(url)
    assert len([q for q in first.captured_queries if q["sql"].count(' AS "n"')]) == FACET_QUERIES
    # The form's HTML (with the counts), the theme, the total and the results (rows and
    # their themes) come from the shared cache.
    # So do the affiliation and what the person follows, under their own key.
    with django_assert_num_queries(SIGNED_IN_QUERIES - 7) as second:
        client.get(url)
    assert not [q for q in second.captured_queries if q["sql"].count(' AS "n"')]
    # Another form for the same filters (another sort) re-renders the form, but takes the
    # counts (and the theme) from the cache.
    with django_assert_num_queries(SIGNED_IN_QUERIES + FORM_QUERIES - 5) as third:
        client.get(url + "&sort=replicated")
    assert not [q for q in third.captured_queries if q["sql"].count(' AS "n"')]
