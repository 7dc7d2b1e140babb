from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse

from practices.models import Practice
from practices.search import search_practices
from tests.factories import PracticeFactory, PublishedPracticeFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def test_title_match_ranks_above_body_match(kupang, sidoarjo):
    body = PublishedPracticeFactory(
        member=kupang, title="Pelayanan terpadu", activities="Warga memakai aplikasi posyandu."
    )
    title = PublishedPracticeFactory(member=sidoarjo, title="Posyandu digital")
    PublishedPracticeFactory(member=sidoarjo, title="Lain sama sekali")
    results = list(search_practices("posyandu").order_by("-rank"))
    assert results == [title, body]
    assert results[0].rank > results[1].rank


def test_search_only_sees_the_given_queryset(kupang):
    PracticeFactory(member=kupang, title="Posyandu rahasia")
    assert list(search_practices("posyandu")) == []
    assert len(search_practices("posyandu", Practice.objects.all())) == 1


def test_empty_query_returns_everything_annotated(kupang):
    PublishedPracticeFactory(member=kupang)
    results = list(search_practices("  "))
    assert len(results) == 1 and results[0].rank == 0


def test_list_sorts_by_relevance_or_newest(client, kupang, sidoarjo):
    import datetime

    from django.utils import timezone

    older_title = PublishedPracticeFactory(
        member=kupang,
        title="Posyandu keliling",
        published_at=timezone.now() - datetime.timedelta(days=5),
    )
    newer_body = PublishedPracticeFactory(
        member=sidoarjo, title="Layanan ibu", results="Kunjungan posyandu naik."
    )
    relevance = client.get(reverse("practices:list") + "?q=posyandu").context["object_list"]
    assert list(relevance) == [older_title, newer_body]
    newest = client.get(reverse("practices:list") + "?q=posyandu&sort=newest").context[
        "object_list"
    ]
    assert list(newest) == [newer_body, older_title]


def test_query_with_quotes_and_operators_does_not_fail(client, kupang):
    PublishedPracticeFactory(member=kupang, title="Bank sampah")
    for query in ['"bank sampah"', "sampah OR air", "-air", "&|!():*", "'"]:
        assert client.get(reverse("practices:list"), {"q": query}).status_code == HTTPStatus.OK


@postgres_only
def test_indonesian_stemming_finds_inflected_words(kupang):
    PublishedPracticeFactory(
        member=kupang, title="Pelayanan perizinan", summary="Kami melayani warga."
    )
    assert search_practices("layanan").count() == 1


@postgres_only
def test_english_practices_use_the_english_configuration(kupang):
    practice = PublishedPracticeFactory(
        member=kupang, language="en", title="Flood warnings", summary="Warning residents early."
    )
    assert list(search_practices("warned")) == [practice]
    vector = Practice.objects.values_list("search_vector", flat=True).get(pk=practice.pk)
    assert "'warn'" in vector


@postgres_only
def test_headline_marks_the_match_and_escapes_the_text(client, kupang):
    PublishedPracticeFactory(
        member=kupang, title="Sampah", summary="Bank sampah: 5 < 10 ton <script>x</script>"
    )
    content = client.get(reverse("practices:list") + "?q=sampah").content.decode()
    assert "<mark>sampah</mark>" in content
    assert "5 &lt; 10 ton" in content
    assert "<script>x" not in content


@postgres_only
def test_search_vector_is_updated_by_the_services(client, kupang, editor):
    from practices.services import practice_update

    practice = PracticeFactory(member=kupang, title="Awal")
    practice_update(practice=practice, by=editor, values={"title": "Jembatan gantung"})
    assert search_practices("jembatan", Practice.objects.all()).count() == 1


@postgres_only
def test_gin_index_exists():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'practices_search_vector_gin'"
        )
        assert "gin" in cursor.fetchone()[0]
