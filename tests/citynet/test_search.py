from http import HTTPStatus

import pytest
from django.urls import reverse

from events.models import Article, Event
from tests.factories import ArticleFactory, EventFactory

pytestmark = pytest.mark.django_db


def search(client, q, lang="id"):
    return client.get(f"/{lang}/search/", {"q": q})


def test_search_groups_results_by_kind(client, kupang):
    EventFactory(title="Seminar Digitalisasi Layanan", host=kupang)
    ArticleFactory(title="Kupang menjadi tuan rumah", body="Digitalisasi layanan publik dibahas.")
    response = search(client, "digitalisasi")
    assert response.status_code == HTTPStatus.OK
    groups = {group.kind: group for group in response.context["groups"]}
    assert [r.title for r in groups["events"].results] == ["Seminar Digitalisasi Layanan"]
    assert [r.title for r in groups["news"].results] == ["Kupang menjadi tuan rumah"]
    assert groups["members"].count == 0
    html = response.content.decode()
    assert "<mark>Digitalisasi</mark>" in html or "<mark>digitalisasi</mark>" in html


def test_search_finds_members_and_links_to_the_directory(client):
    response = search(client, "kupang")
    members = next(g for g in response.context["groups"] if g.kind == "members")
    assert {r.title for r in members.results} == {"Kota Kupang", "Kabupaten Kupang"}
    assert members.more_url == reverse("members:list") + "?q=kupang"


def test_drafts_are_not_found(client):
    EventFactory(title="Rahasia Draf", status=Event.Status.DRAFT)
    ArticleFactory(title="Rahasia Draf Berita", status=Article.Status.DRAFT)
    response = search(client, "rahasia")
    assert response.context["total"] == 0
    assert "Rahasia" not in "".join(r.title for g in response.context["groups"] for r in g.results)


@pytest.mark.parametrize(
    "q",
    [
        "",
        " ",
        "a",
        "%",
        "_",
        "'; DROP TABLE members_member; --",
        "<script>alert(1)</script>",
        "\\",
        "ä" * 50,
        "kota " * 30,
    ],
)
def test_no_500_on_any_input(client, q):
    response = search(client, q)
    assert response.status_code == HTTPStatus.OK
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_overlong_query_is_a_form_error(client):
    response = search(client, "x" * 201)
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors
    assert "201" in response.content.decode()


def test_search_page_in_english(client):
    response = search(client, "kupang", lang="en")
    assert "results for" in response.content.decode()


def test_search_highlight_escapes_html():
    from citynet.search import highlight

    html = highlight("<b>Kupang</b> & friends", "kupang")
    assert html == "&lt;b&gt;<mark>Kupang</mark>&lt;/b&gt; &amp; friends"
