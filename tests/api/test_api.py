import datetime
import json
import re
from http import HTTPStatus

import pytest
from openapi_spec_validator import validate

from api import middleware
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db

LISTS = [
    "provinces",
    "members",
    "officer-terms",
    "events",
    "news",
    "practices",
    "themes",
    "sdgs",
]


def slugs(client, url, key="slug"):
    """Every item of a paginated API list, following the next links."""
    found = []
    while url:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, response.content
        body = response.json()
        found += [item[key] for item in body["results"]]
        url = body["next"]
    return found


def html_slugs(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return [item.slug for item in response.context["paginator"].object_list]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "theme=digital-public-services",
        "theme=smart-city",
        "sdg=16",
        "province=53",
        "member=kota-kupang",
        "year=2020",
        "q=sampah",
        "q=sampah&sort=newest",
        "sort=replicated",
        "replicated=on",
        "theme=digital-public-services&province=35",
    ],
)
def test_practice_filters_match_the_html_list(client, content, query):
    api = slugs(client, f"/api/v1/practices/?page_size=2&{query}")
    assert api == html_slugs(client, in_indonesian("practices:list", query=query))
    assert content["draft"].slug not in api


@pytest.mark.parametrize(
    "query",
    [
        "",
        "province=53",
        "kind=kota",
        "q=kupang",
        "status=active",
        "province=35&kind=kota",
        "sort=province",
        "sort=code&kind=kota",
    ],
)
def test_member_filters_match_the_html_list(client, content, query):
    api = slugs(client, f"/api/v1/members/?page_size=100&{query}")
    assert api == html_slugs(client, in_indonesian("members:list", query=query))


@pytest.mark.parametrize(
    "query", ["", "year=2019", "year=2020", "host=kota-kupang", "kind=workshop"]
)
def test_event_filters_match_the_html_list(client, content, query):
    api = slugs(client, f"/api/v1/events/?page_size=1&{query}")
    assert api == html_slugs(client, in_indonesian("events:list", query=query))
    assert content["draft_event"].slug not in api


def test_news_matches_the_html_list_and_hides_scheduled_articles(client, content):
    api = slugs(client, "/api/v1/news/?page_size=1")
    assert api == [article.slug for article in reversed(content["articles"])]
    assert (
        client.get(f"/api/v1/news/{content['scheduled'].slug}/").status_code == HTTPStatus.NOT_FOUND
    )


def test_the_news_total_counts_a_scheduled_article_once_it_is_due(
    client, content, monkeypatch, django_assert_num_queries
):
    from django.utils import timezone

    url = "/api/v1/news/?page_size=1&_="
    before = client.get(f"{url}1").json()["count"]
    with django_assert_num_queries(0):  # the page's keys and the total from the cache
        assert client.get(f"{url}2").json()["count"] == before
    due = content["scheduled"].published_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: due)
    after = client.get(f"{url}3").json()
    assert after["count"] == before + 1
    assert after["results"][0]["slug"] == content["scheduled"].slug


def test_unpublished_things_are_not_found(client, content):
    assert (
        client.get(f"/api/v1/practices/{content['draft'].slug}/").status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        client.get(f"/api/v1/events/{content['draft_event'].slug}/").status_code
        == HTTPStatus.NOT_FOUND
    )
    article = client.get(f"/api/v1/news/{content['articles'][1].slug}/").json()
    assert article["event"] is None  # its event is a draft


def test_unknown_filters_and_values_are_a_400_naming_the_field(client, content):
    cases = {
        "/api/v1/practices/?colour=red": "colour",
        "/api/v1/practices/?theme=no-such-theme": "theme",
        "/api/v1/practices/?sdg=18": "sdg",
        "/api/v1/practices/?year=abc": "year",
        "/api/v1/members/?province=99": "province",
        "/api/v1/members/?kind=desa": "kind",
        "/api/v1/members/?sort=population": "sort",
        "/api/v1/events/?host=nowhere": "host",
        "/api/v1/events/?year=1800": "year",
        "/api/v1/themes/?q=x": "q",
        "/api/v1/practices/?page_size=0": "page_size",
        "/api/v1/practices/?page_size=101": "page_size",
        "/api/v1/practices/?page_size=ten": "page_size",
        "/api/v1/members/?lang=fr": "lang",
    }
    for url, field in cases.items():
        response = client.get(url)
        assert response.status_code == HTTPStatus.BAD_REQUEST, url
        assert field in response.json(), (url, response.json())


def test_pages_link_to_each_other_and_a_page_past_the_end_is_404(client, content):
    first = client.get("/api/v1/members/?page_size=100").json()
    assert first["count"] == 514
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert "page_size=100" in second["previous"]
    assert client.get("/api/v1/members/?page=99").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/api/v1/members/?page=x").status_code == HTTPStatus.NOT_FOUND


def test_details_carry_what_the_html_page_shows(client, content):
    practice = client.get(f"/api/v1/practices/{content['practices'][0].slug}/").json()
    assert practice["member"]["slug"] == "kota-kupang"
    assert [theme["slug"] for theme in practice["themes"]] == ["digital-public-services"]
    assert practice["sdgs"] == [11, 16]
    assert practice["indicators"] == [] and practice["attachments"] == []
    [replication] = practice["replications"]
    assert replication["member"]["slug"] == "kota-banjarbaru"
    assert replication["stage"] == "implemented" and replication["is_verified"] is False
    assert "declared_by" not in replication
    event = client.get(f"/api/v1/events/{content['events'][0].slug}/").json()
    assert event["sessions"][0]["speakers"][0] == {
        "order": 0,
        "name": "Jefri Riwu Kore",
        "title": "Wali Kota",
        "member": "kota-kupang",
    }
    member = client.get("/api/v1/members/kabupaten-sidoarjo/").json()
    assert member["officer_terms"][0]["person_name"] == "Saiful Ilah"
    assert member["province"] == {"code": "35", "name": "Jawa Timur"}
    assert client.get("/api/v1/sdgs/16/").json()["number"] == 16
    assert client.get("/api/v1/provinces/53/").json()["time_zone"] == "Asia/Makassar"
    assert client.get("/api/v1/members/no-such-city/").status_code == HTTPStatus.NOT_FOUND


def test_language_from_the_query_or_accept_language(client, content):
    by_default = client.get("/api/v1/themes/digital-public-services/")
    assert by_default.json()["name"] == "Layanan Publik Digital"
    assert by_default["Content-Language"] == "id"
    english = client.get("/api/v1/themes/digital-public-services/?lang=en")
    assert english.json()["name"] == "Digital public services"
    assert english["Content-Language"] == "en"
    assert in_english("practices:list") in english.json()["html_url"]
    header = client.get("/api/v1/themes/digital-public-services/", HTTP_ACCEPT_LANGUAGE="en")
    assert header.json()["name"] == "Digital public services"
    assert "Accept-Language" in header["Vary"]
    event = content["events"][0]
    assert client.get(f"/api/v1/events/{event.slug}/?lang=en").json()["title"] == "Kupang seminar"
    assert client.get(f"/api/v1/events/{event.slug}/").json()["title"] == event.title


def test_etag_and_conditional_get(client, content):
    response = client.get("/api/v1/themes/")
    etag = response["ETag"]
    assert (
        client.get("/api/v1/themes/", HTTP_IF_NONE_MATCH=etag).status_code
        == HTTPStatus.NOT_MODIFIED
    )
    for malformed in ['"unterminated', "W/", ",,,", "*garbage*", '"a", W/"b', "\x00"]:
        assert (
            client.get("/api/v1/themes/", HTTP_IF_NONE_MATCH=malformed).status_code == HTTPStatus.OK
        )
    english = client.get("/api/v1/themes/?lang=en")
    assert english["ETag"] != etag


def test_cors_is_open_for_reading_and_links_point_to_html(client, content):
    response = client.get("/api/v1/practices/?theme=smart-city&page_size=5&lang=en")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Link"] == (
        '<http://testserver/en/practices/?theme=smart-city>; rel="alternate"; type="text/html"'
    )
    detail = client.get("/api/v1/members/kota-kupang/")
    assert detail["Link"].startswith("<http://testserver/id/members/kota-kupang/>")
    preflight = client.options(
        "/api/v1/practices/",
        HTTP_ORIGIN="https://data.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == HTTPStatus.NO_CONTENT
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_writes_are_refused(client, content):
    assert client.post("/api/v1/practices/", {}).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert (
        client.delete(f"/api/v1/practices/{content['practices'][0].slug}/").status_code
        == HTTPStatus.METHOD_NOT_ALLOWED
    )


def test_rate_limit_per_address_with_retry_after(client, settings, monkeypatch, content):
    settings.API_RATE_LIMIT = "3/min"
    clock = [1_000_040.0]  # 20 s into a minute
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    for _ in range(3):
        assert client.get("/api/v1/themes/").status_code == HTTPStatus.OK
    limited = client.get("/api/v1/sdgs/")
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert limited["Retry-After"] == "40"
    assert "detail" in limited.json()
    # Another address has its own count.
    assert client.get("/api/v1/themes/", REMOTE_ADDR="10.0.0.9").status_code == HTTPStatus.OK
    # HTML pages are not counted.
    assert client.get(in_indonesian("practices:list")).status_code == HTTPStatus.OK
    clock[0] += 40
    assert client.get("/api/v1/themes/").status_code == HTTPStatus.OK


def test_forwarded_address_is_trusted_only_behind_configured_proxies(client, settings, content):
    settings.API_RATE_LIMIT = "1/min"
    assert (
        client.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == HTTPStatus.OK
    )
    # Without trusted proxies a forged header does not buy a new allowance.
    assert (
        client.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code
        == HTTPStatus.TOO_MANY_REQUESTS
    )
    settings.API_NUM_PROXIES = 1
    assert (
        client.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR="3.3.3.3").status_code == HTTPStatus.OK
    )


def test_schema_is_valid_openapi_and_docs_load_nothing_from_outside(client, content):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == HTTPStatus.OK
    schema = json.loads(response.content)
    validate(schema)
    for name in LISTS:
        assert f"/api/v1/{name}/" in schema["paths"]
    parameters = {
        item["name"] for item in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]
    }
    assert {"theme", "sdg", "province", "member", "year", "q", "page", "page_size"} <= parameters
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == HTTPStatus.OK
    html = docs.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "<script>" not in html and "style=" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == HTTPStatus.OK and b"SwaggerUIBundle" in script.content


def test_no_personal_data_anywhere(client, content):
    """Walk every list and every detail and look for the people's emails and phones."""
    bodies = [client.get("/api/v1/").content.decode()]
    for name in LISTS:
        url = f"/api/v1/{name}/?page_size=100"
        while url:
            response = client.get(url)
            assert response.status_code == HTTPStatus.OK
            bodies.append(response.content.decode())
            body = response.json()
            for item in body["results"]:
                key = next(k for k in ("slug", "code", "number", "id") if k in item)
                detail = client.get(f"/api/v1/{name}/{item[key]}/")
                assert detail.status_code == HTTPStatus.OK, (name, item[key])
                bodies.append(detail.content.decode())
            url = body["next"]
    text = "\n".join(bodies)
    for secret in [*content["emails"], *content["phones"], "Ibu Kontak", "rahasia-kupang"]:
        assert secret not in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text.replace("\\u0040", "@"))
    assert "contact" not in text and "review_note" not in text and "created_by" not in text


@pytest.mark.parametrize("name", ["members", "events", "news", "practices", "officer-terms"])
def test_list_queries_do_not_grow_with_the_page(client, content, name, django_assert_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/api/v1/{name}/?page_size=1").status_code == HTTPStatus.OK
    cache.clear()  # the total, counted once, would come from the cache
    with CaptureQueriesContext(connection) as large:
        assert client.get(f"/api/v1/{name}/?page_size=100").status_code == HTTPStatus.OK
    assert len(large) == len(small) <= 6


def test_lists_are_cached_for_everyone_by_filters_and_refreshed_by_a_save(
    client, content, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories import UserFactory

    url = reverse("api:practices-list") + "?theme=digital-public-services&year=2020"

    def queries(path) -> tuple[int, list]:
        """The queries on content (not the session's) and the titles answered."""
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == HTTPStatus.OK
        content_queries = [q for q in captured if "practices_" in q["sql"]]
        return len(content_queries), [item["title"] for item in response.json()["results"]]

    _count, titles = queries(url)
    assert titles
    assert queries(url) == (0, titles)
    # Signed in, the same answer comes from the cache too.
    client.force_login(UserFactory())
    assert queries(url) == (0, titles)
    # A client's cache-buster is accepted: the answer is built again, from the page's keys
    # and items kept in the shared cache (the same for any client), with no query.
    assert queries(url + "&_=1700000000") == (0, titles)
    # A save of a shown practice refreshes the cached answer.
    practice = next(p for p in content["practices"] if p.title == titles[0])
    practice.title = "Renamed by the secretariat"
    with django_capture_on_commit_callbacks(execute=True):
        practice.save()
    count, titles = queries(url)
    assert count > 0 and "Renamed by the secretariat" in titles


def test_a_page_of_keys_is_kept_per_page_and_page_size(client, content):
    def page(query):
        results = client.get(f"/api/v1/practices/?{query}").json()["results"]
        return [item["slug"] for item in results]

    first, second = page("page_size=1"), page("page_size=1&page=2")
    assert len(first) == len(second) == 1 and first != second
    assert page("page_size=2") == first + second
    assert page("page_size=1&page=2") == second
