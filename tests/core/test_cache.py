import pytest

from members.models import Member, OfficerTerm
from tests.factories import OfficerTermFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached(client, django_assert_num_queries):
    client.get("/id/members/kota-kupang/")
    with django_assert_num_queries(0):
        response = client.get("/id/members/kota-kupang/")
    assert response.status_code == 200
    assert "Kota Kupang" in response.content.decode()


def test_an_edit_shows_up_at_once(client, kupang):
    assert "Wali Kota Baru" not in client.get(kupang.get_absolute_url()).content.decode()
    kupang.head_name = "Wali Kota Baru"
    kupang.save()
    assert "Wali Kota Baru" in client.get(kupang.get_absolute_url()).content.decode()


def test_officer_change_invalidates_home_and_officers(client, sidoarjo):
    client.get("/id/")
    client.get("/id/officers/")
    term = OfficerTermFactory(person_name="Pejabat Baru", member=sidoarjo)
    assert "Pejabat Baru" in client.get("/id/").content.decode()
    assert "Pejabat Baru" in client.get("/id/officers/").content.decode()
    term.delete()
    assert "Pejabat Baru" not in client.get("/id/officers/").content.decode()
    assert not OfficerTerm.objects.filter(person_name="Pejabat Baru").exists()


def test_signed_in_people_get_fresh_pages(client, django_assert_max_num_queries):
    client.get("/id/members/")
    client.force_login(UserFactory())
    response = client.get("/id/members/")
    assert "Keluar" in response.content.decode()


def test_cache_is_per_language_and_query(client):
    english = client.get("/en/members/").content.decode()
    assert "members found" in english
    indonesian = client.get("/id/members/").content.decode()
    assert "anggota ditemukan" in indonesian
    filtered = client.get("/id/members/?province=53").content.decode()
    assert "22 anggota ditemukan" in filtered


def test_bulk_update_needs_explicit_invalidation(client, kupang):
    from core.cache import content_changed

    client.get(kupang.get_absolute_url())
    Member.objects.filter(pk=kupang.pk).update(head_name="Lewat Update")
    content_changed()
    assert "Lewat Update" in client.get(kupang.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "path", ["/id/news/feed/", "/id/practices/feed/", "/id/events/calendar.ics"]
)
def test_cached_feeds_still_answer_conditional_get(client, path):
    from tests.factories import ArticleFactory, EventFactory

    ArticleFactory()
    EventFactory()
    first = client.get(path)
    assert first.status_code == 200
    assert first.has_header("ETag")
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
