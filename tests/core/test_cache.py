from http import HTTPStatus

import pytest
from django.db import transaction
from django.urls import reverse

from members.models import Member, OfficerTerm
from practices.models import Practice
from tests.factories import (
    ApprovedAffiliationFactory,
    EventFactory,
    OfficerTermFactory,
    PracticeFactory,
    PublishedPracticeFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db

FEEDS = ["news:feed", "practices:feed", "events:calendar"]
# Lists a practice never appears on.
UNRELATED_LISTS = ["members:officers", "members:list", "events:list", "news:list"]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what follows a commit (the cache invalidation) as a real commit would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def is_cached(client, path, django_assert_num_queries) -> bool:
    """True when the page comes from the page cache: no query at all and no template
    rendered (the parts that are the same for everyone can spare every query too)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    return len(queries) == 0 and not response.templates


def test_anonymous_pages_are_cached(client, django_assert_num_queries):
    path = reverse("members:detail", kwargs={"slug": "kota-kupang"})
    client.get(path)
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert "Kota Kupang" in response.content.decode()


def test_an_edit_shows_up_at_once(client, kupang, committed):
    assert "Wali Kota Baru" not in client.get(kupang.get_absolute_url()).content.decode()
    kupang.head_name = "Wali Kota Baru"
    committed(kupang.save)
    assert "Wali Kota Baru" in client.get(kupang.get_absolute_url()).content.decode()


def test_invalidation_waits_for_the_commit(client, kupang, django_assert_num_queries):
    """Before the commit, the cached page stays (another request may not see the edit
    yet); a rolled-back edit leaves no trace in the cache."""
    path = kupang.get_absolute_url()
    client.get(path)
    with transaction.atomic():
        kupang.head_name = "Belum Tersimpan"
        kupang.save()
        assert is_cached(client, path, django_assert_num_queries)
        transaction.set_rollback(True)
    assert is_cached(client, path, django_assert_num_queries)
    assert "Belum Tersimpan" not in client.get(path).content.decode()


def test_officer_change_invalidates_home_and_officers(client, sidoarjo, committed):
    home, officers = reverse("home"), reverse("members:officers")
    client.get(home)
    client.get(officers)
    term = committed(OfficerTermFactory, person_name="Pejabat Baru", member=sidoarjo)
    assert "Pejabat Baru" in client.get(home).content.decode()
    assert "Pejabat Baru" in client.get(officers).content.decode()
    committed(term.delete)
    assert "Pejabat Baru" not in client.get(officers).content.decode()
    assert not OfficerTerm.objects.filter(person_name="Pejabat Baru").exists()


def test_a_published_practice_save_touches_practice_pages_only(
    client, kupang, committed, django_assert_num_queries
):
    practice = committed(PublishedPracticeFactory, member=kupang, title="Bank Sampah Lama")
    pages = [
        reverse("practices:list"),
        practice.get_absolute_url(),
        reverse("home"),
        reverse("practices:feed"),
    ]
    untouched = [reverse(name) for name in UNRELATED_LISTS]
    for path in pages + untouched:
        client.get(path)
    practice.title = "Bank Sampah Baru"
    committed(practice.save)
    for path in pages:
        assert "Bank Sampah Baru" in client.get(path).content.decode(), path
    for path in untouched:
        assert is_cached(client, path, django_assert_num_queries), path


def test_draft_affiliation_registration_and_transition_keep_the_public_cache(
    client, kupang, committed, django_assert_num_queries
):
    published = committed(PublishedPracticeFactory, member=kupang)
    event = committed(EventFactory)
    pages = [
        reverse("home"),
        reverse("practices:list"),
        published.get_absolute_url(),
        reverse("events:list"),
    ]
    for path in pages:
        client.get(path)
    draft = committed(PracticeFactory, member=kupang, title="Draf Rahasia")
    draft.summary = "Diubah lagi."
    committed(draft.save)
    committed(ApprovedAffiliationFactory, member=kupang)
    committed(RegistrationFactory, event=event)
    committed(
        published.transitions.create,
        from_status=Practice.Status.SUBMITTED,
        to_status=Practice.Status.PUBLISHED,
        by=UserFactory(),
    )
    for path in pages:
        assert is_cached(client, path, django_assert_num_queries), path


def test_a_registration_refreshes_its_event_page_only(client, committed, django_assert_num_queries):
    event, other = committed(EventFactory), committed(EventFactory)
    for path in (event.get_absolute_url(), other.get_absolute_url(), reverse("events:list")):
        client.get(path)
    committed(RegistrationFactory, event=event)
    assert not is_cached(client, event.get_absolute_url(), django_assert_num_queries)
    assert is_cached(client, other.get_absolute_url(), django_assert_num_queries)
    assert is_cached(client, reverse("events:list"), django_assert_num_queries)


def test_signed_in_people_get_fresh_pages(client):
    client.get(reverse("members:list"))
    client.force_login(UserFactory())
    response = client.get(reverse("members:list"))
    assert "Keluar" in response.content.decode()


def test_cache_is_per_language_and_query(client):
    english = client.get(in_english("members:list")).content.decode()
    assert "members found" in english
    indonesian = client.get(in_indonesian("members:list")).content.decode()
    assert "anggota ditemukan" in indonesian
    filtered = client.get(in_indonesian("members:list", query="province=53")).content.decode()
    assert "22 anggota ditemukan" in filtered


def test_the_key_holds_only_understood_parameters_normalised(client, django_assert_num_queries):
    members = reverse("members:list")
    client.get(f"{members}?province=53&kind=kota")
    # Same parameters in another order, a blank one, extra spaces: the same entry.
    assert is_cached(client, f"{members}?kind=kota&q=&province=53", django_assert_num_queries)
    assert is_cached(client, f"{members}?kind=%20kota%20&province=53", django_assert_num_queries)
    # Unknown parameters and values that no page understands never create an entry.
    for query in (
        "utm_source=x",
        "province=53&_nocache=1",
        "province=<script>",
        "kind=kota&kind=kabupaten",
    ):
        path = f"{members}?{query}"
        assert client.get(path).status_code == HTTPStatus.OK
        assert not is_cached(client, path, django_assert_num_queries), path


def test_junk_query_strings_do_not_grow_the_cache(client):
    from django.core.cache import cache

    members = reverse("members:list")
    client.get(members)
    size = len(cache._cache)
    for number in range(30):
        assert client.get(f"{members}?u={number}").status_code == HTTPStatus.OK
    assert len(cache._cache) == size


def test_bulk_update_needs_explicit_invalidation(client, kupang, committed):
    from core.cache import content_changed

    client.get(kupang.get_absolute_url())
    Member.objects.filter(pk=kupang.pk).update(head_name="Lewat Update")
    assert "Lewat Update" not in client.get(kupang.get_absolute_url()).content.decode()
    committed(content_changed)
    assert "Lewat Update" in client.get(kupang.get_absolute_url()).content.decode()


def test_a_page_with_a_pending_message_is_not_cached(client, django_assert_num_queries):
    """A message shown to one person must never be stored for the next visitor."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    storage = CookieStorage(HttpRequest())
    message = "Pesan untuk satu orang"
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message

    client.cookies["messages"] = storage._encode([Message(constants.INFO, message)])
    first = client.get(reverse("members:officers"))
    assert message in first.content.decode()
    del client.cookies["messages"]
    again = client.get(reverse("members:officers")).content.decode()
    assert message not in again


def test_a_response_that_sets_a_cookie_is_not_cached(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from core.cache import cache_for_anonymous

    calls = []

    def view(request):
        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    cached = cache_for_anonymous(view, tags=("members",))
    for _ in range(2):
        request = rf.get(reverse("home") + "anything/")
        request.user = AnonymousUser()
        cached(request)
    assert len(calls) == 2


def test_a_page_carrying_a_csrf_token_is_not_cached(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from core.cache import cache_for_anonymous

    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse('<input name="csrfmiddlewaretoken" value="x">')

    cached = cache_for_anonymous(view, tags=("members",))
    for _ in range(2):
        request = rf.get(reverse("home") + "form/")
        request.user = AnonymousUser()
        cached(request)
    assert len(calls) == 2


@pytest.mark.parametrize("name", FEEDS)
def test_cached_feeds_still_answer_conditional_get(client, name, committed):
    from tests.factories import ArticleFactory

    path = reverse(name)

    committed(ArticleFactory)
    committed(EventFactory)
    first = client.get(path)
    assert first.status_code == HTTPStatus.OK
    assert first.has_header("ETag")
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == HTTPStatus.NOT_MODIFIED


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_come_from_the_shared_cache_when_signed_in(
    client, name, django_assert_max_num_queries
):
    path = reverse(name)
    client.get(path)
    client.force_login(UserFactory())
    # At most the session and the person are read (the known-browser mark): the feed
    # itself comes from the cache.
    with django_assert_max_num_queries(2):
        response = client.get(path)
    assert response.status_code == HTTPStatus.OK


def test_a_replication_refreshes_practice_pages_and_cards_but_not_the_rest(
    client, kupang, committed, django_assert_num_queries
):
    from tests.factories import ReplicationFactory

    practice = committed(PublishedPracticeFactory, member=kupang, title="Bank Sampah Kupang")
    banjarbaru = Member.objects.get(slug="kota-banjarbaru")
    changed = [
        reverse("practices:list"),
        practice.get_absolute_url(),
        banjarbaru.get_absolute_url(),
    ]
    untouched = [reverse(name) for name in UNRELATED_LISTS]
    for path in changed + untouched:
        client.get(path)
    committed(ReplicationFactory, practice=practice, member=banjarbaru)
    # The card on the list shows the new count: its fragment was rendered again.
    listing = client.get(reverse("practices:list")).content.decode()
    assert "Direplikasi oleh 1 daerah" in listing
    for path in changed[1:]:
        assert not is_cached(client, path, django_assert_num_queries), path
    for path in untouched:
        assert is_cached(client, path, django_assert_num_queries), path


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_answer_any_query_string_from_their_one_entry(
    client, name, django_assert_num_queries
):
    from django.core.cache import cache

    url = reverse(name)
    client.get(url)
    keys = len(cache._cache)
    # A feed reads no parameter: a reader's cache-buster gets the stored copy, and
    # stores nothing new.
    for number in range(3):
        assert is_cached(client, f"{url}?_={number}", django_assert_num_queries)
    assert len(cache._cache) == keys


def test_a_snapshot_reads_each_tag_version_once_and_sees_its_own_bumps(monkeypatch):
    from django.core.cache import cache

    from core.cache import _bump, tag_versions, versions_snapshot

    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or get_many(keys))
    with versions_snapshot():
        first = tag_versions(("all", "members"))
        assert tag_versions(("members", "all")) == ".".join(reversed(first.split(".")))
        assert len(reads) == 1  # the second came from the snapshot
        _bump(("members",))
        bumped = tag_versions(("all", "members"))
        assert bumped != first and bumped.split(".")[0] == first.split(".")[0]
        assert reads[-1] == ["tag:members"]
    # Outside a snapshot every read asks the cache.
    tag_versions(("all",))
    tag_versions(("all",))
    assert len(reads) == 4


def test_fragments_leave_out_objects_gone_before_their_render():
    from core.cache import cached_fragments

    def render_many(keys):
        return [None if key == 2 else f"item {key}" for key in keys]

    kwargs = {"name": "test-gone", "version": str, "render_many": render_many}
    assert cached_fragments([1, 2, 3], **kwargs) == ["item 1", "item 3"]
    # Nothing was stored for the one that was gone: it is rendered again next time.
    assert cached_fragments([2], name="test-gone", version=str, render=str) == ["2"]


def test_a_value_is_kept_in_the_process_until_a_tag_changes(monkeypatch):
    from django.core.cache import cache as shared

    from core.cache import _bump, cached_value

    computed = []

    def compute():
        computed.append(1)
        return ["value", len(computed)]

    assert cached_value("figures", ("members",), compute) == ["value", 1]
    reads = []
    real_get = shared.get
    monkeypatch.setattr(shared, "get", lambda *a, **k: reads.append(a[0]) or real_get(*a, **k))
    # Again in this process: from memory, not from the shared cache.
    assert cached_value("figures", ("members",), compute) == ["value", 1]
    assert not [key for key in reads if key.startswith("value:")]
    # A bump by any server (the tag's version is in the key) is seen at once.
    _bump(("members",))
    assert cached_value("figures", ("members",), compute) == ["value", 2]
    # Something else's bump changes nothing.
    _bump(("events",))
    assert cached_value("figures", ("members",), compute) == ["value", 2]
    assert len(computed) == 2


def test_without_an_answering_shared_cache_nothing_is_kept_in_the_process(monkeypatch):
    from django.core.cache import cache as shared

    from core.cache import cached_value

    # What the resilient backend answers while Redis is down: nothing, and no error.
    monkeypatch.setattr(shared, "get", lambda key, default=None, **kwargs: default)
    monkeypatch.setattr(shared, "get_many", lambda keys, **kwargs: {})
    monkeypatch.setattr(shared, "add", lambda *args, **kwargs: False)
    computed = []
    for _ in range(3):
        cached_value("figures", ("members",), lambda: computed.append(1) or len(computed))
    assert len(computed) == 3


def test_a_value_valid_until_a_time_is_computed_again_from_memory_too(monkeypatch):
    from core.cache import cached_value

    now = [0]
    computed = []

    def value():
        return cached_value(
            "until",
            ("news",),
            lambda: computed.append(1) or ("total", now[0] + 10),
            valid=lambda value: now[0] < value[1],
        )

    value(), value()
    assert len(computed) == 1
    now[0] = 11
    value()
    assert len(computed) == 2


def test_fragments_are_kept_in_the_process_by_their_version(monkeypatch):
    from types import SimpleNamespace

    from django.core.cache import cache as shared

    from core.cache import cached_fragments

    rendered = []

    def render(obj):
        rendered.append(obj.pk)
        return f"<li>{obj.cache_version}</li>"

    # An object's version holds its key (as Model.cache_version does).
    objects = [SimpleNamespace(pk=pk, cache_version=f"{pk}.1") for pk in (1, 2)]
    assert cached_fragments(objects, render, name="card") == ["<li>1.1</li>", "<li>2.1</li>"]
    reads = []
    real = shared.get_many
    monkeypatch.setattr(shared, "get_many", lambda keys, **k: reads.append(keys) or real(keys, **k))
    assert cached_fragments(objects, render, name="card") == ["<li>1.1</li>", "<li>2.1</li>"]
    assert not [keys for keys in reads if any(key.startswith("frag:") for key in keys)]
    objects[1].cache_version = "2.2"  # a save: that card alone is rendered again
    assert cached_fragments(objects, render, name="card") == ["<li>1.1</li>", "<li>2.2</li>"]
    assert rendered == [1, 2, 2]
