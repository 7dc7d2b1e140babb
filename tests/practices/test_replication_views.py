import datetime
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from members.models import Member
from practices.models import Practice, Replication
from tests.factories import (
    AffiliationFactory,
    ApprovedAffiliationFactory,
    PracticeFactory,
    PublishedPracticeFactory,
    ReplicationFactory,
    SecretariatUserFactory,
    UserFactory,
)
from tests.paths import in_english

from .conftest import pdf_upload, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def banjarbaru():
    return Member.objects.get(slug="kota-banjarbaru")


@pytest.fixture
def practice(kupang):
    return PublishedPracticeFactory(member=kupang, title="Layanan Kupang", slug="layanan-kupang")


@pytest.fixture
def declarer(banjarbaru):
    return ApprovedAffiliationFactory(member=banjarbaru).user


def declare_url(practice):
    return reverse("practices:replicate", kwargs={"slug": practice.slug})


VALID = {
    "mode": "new",
    "stage": "adapting",
    "started_on": "2025-02-01",
    "changes": "Dua kecamatan.",
}


def test_declare_form_and_post(
    client, practice, declarer, kupang, django_capture_on_commit_callbacks
):
    kupang_staff = ApprovedAffiliationFactory(member=kupang).user
    client.force_login(declarer)
    page = client.get(declare_url(practice))
    assert page.status_code == HTTPStatus.OK
    assert "Nyatakan replikasi" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(declare_url(practice), VALID)
    assert response.status_code == HTTPStatus.FOUND
    detail = reverse("practices:detail", kwargs={"slug": "layanan-kupang"})
    assert response["Location"].endswith(f"{detail}#replications")
    replication = Replication.objects.get()
    assert (replication.member.slug, replication.stage) == ("kota-banjarbaru", "adapting")
    assert replication.started_on == datetime.date(2025, 2, 1)
    assert [message.to for message in mail.outbox] == [[kupang_staff.email]]
    detail = client.get(practice.get_absolute_url()).content.decode()
    assert "Kota Banjarbaru" in detail
    assert "Menyesuaikan sejak 1 Februari 2025" in detail
    assert "Dinyatakan" in detail
    assert "Perbarui replikasi oleh daerah Anda" in detail


def test_declaring_twice_says_so_and_keeps_one(client, practice, declarer, banjarbaru):
    ReplicationFactory(practice=practice, member=banjarbaru, stage="studying")
    client.force_login(declarer)
    response = client.post(declare_url(practice), VALID, follow=True)
    assert "Daerah Anda sudah menyatakan mereplikasi praktik ini." in response.content.decode()
    assert Replication.objects.get().stage == "studying"


def test_update_moves_the_declaration_on(client, practice, declarer, banjarbaru):
    ReplicationFactory(practice=practice, member=banjarbaru, stage="studying")
    client.force_login(declarer)
    page = client.get(declare_url(practice)).content.decode()
    assert "Perbarui replikasi oleh daerah Anda" in page
    response = client.post(
        declare_url(practice), {**VALID, "mode": "update", "stage": "implemented"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Replication.objects.get().stage == "implemented"


@pytest.mark.parametrize(
    "data, message",
    [
        ({**VALID, "started_on": "2999-01-01"}, "Tanggal mulai tidak boleh di masa depan."),
        ({**VALID, "started_on": "kemarin"}, "Masukkan tanggal yang valid."),
        ({**VALID, "stage": "finished"}, "Masukkan pilihan yang valid."),
        ({**VALID, "evidence_url": "not a link"}, "id_evidence_url_error"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, practice, declarer, data, message):
    client.force_login(declarer)
    response = client.post(declare_url(practice), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()
    assert not Replication.objects.exists()


def test_evidence_must_be_a_pdf(client, practice, declarer):
    client.force_login(declarer)
    response = client.post(
        declare_url(practice), {**VALID, "evidence_file": png_upload("bukti.pdf")}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "bukan dokumen PDF" in response.content.decode()
    assert not Replication.objects.exists()


def test_evidence_pdf_is_saved_and_downloadable(client, practice, declarer):
    client.force_login(declarer)
    client.post(declare_url(practice), {**VALID, "evidence_file": pdf_upload()})
    replication = Replication.objects.get()
    assert replication.evidence_file.name.endswith(".pdf")
    client.logout()
    url = reverse(
        "practices:replication-evidence", kwargs={"slug": practice.slug, "pk": replication.pk}
    )
    assert url in client.get(practice.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_own_write_up_must_belong_to_the_region(client, practice, declarer, sidoarjo):
    foreign = PublishedPracticeFactory(member=sidoarjo)
    client.force_login(declarer)
    response = client.post(declare_url(practice), {**VALID, "own_practice": foreign.pk})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Replication.objects.exists()


def test_chain_links_original_and_write_up(client, practice, declarer, banjarbaru):
    own = PublishedPracticeFactory(member=banjarbaru, title="Layanan Banjarbaru")
    client.force_login(declarer)
    client.post(declare_url(practice), {**VALID, "own_practice": own.pk})
    client.logout()
    original_page = client.get(practice.get_absolute_url()).content.decode()
    assert own.get_absolute_url() in original_page
    own_page = client.get(own.get_absolute_url()).content.decode()
    assert "Replikasi dari" in own_page
    assert practice.get_absolute_url() in own_page


def test_anonymous_is_sent_to_sign_in(client, practice):
    response = client.get(declare_url(practice))
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert client.post(declare_url(practice), VALID).status_code == HTTPStatus.FOUND
    assert not Replication.objects.exists()


@pytest.mark.parametrize("who", ["own_region", "pending", "no_affiliation", "secretariat"])
def test_who_may_not_declare(client, practice, kupang, banjarbaru, who):
    user = {
        "own_region": lambda: ApprovedAffiliationFactory(member=kupang).user,
        "pending": lambda: AffiliationFactory(member=banjarbaru).user,
        "no_affiliation": UserFactory,
        "secretariat": SecretariatUserFactory,
    }[who]()
    client.force_login(user)
    assert client.get(declare_url(practice)).status_code == HTTPStatus.FORBIDDEN
    response = client.post(declare_url(practice), VALID)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Replication.objects.exists()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert declare_url(practice) not in page


def test_own_region_is_told_why(client, practice, kupang):
    client.force_login(ApprovedAffiliationFactory(member=kupang).user)
    response = client.get(declare_url(practice))
    assert "Daerah tidak dapat mereplikasi praktiknya sendiri." in response.content.decode()


@pytest.mark.parametrize(
    "status", [Practice.Status.DRAFT, Practice.Status.SUBMITTED, Practice.Status.ARCHIVED]
)
def test_unpublished_practice_is_not_found(client, kupang, declarer, status):
    practice = PracticeFactory(member=kupang, status=status)
    client.force_login(declarer)
    assert client.post(declare_url(practice), VALID).status_code == HTTPStatus.NOT_FOUND
    assert not Replication.objects.exists()


def test_unknown_practice_is_not_found(client, declarer):
    client.force_login(declarer)
    assert (
        client.get(reverse("practices:replicate", kwargs={"slug": "tidak-ada"})).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_verified_and_declared_shown_as_such(client, practice, banjarbaru, sidoarjo):
    ReplicationFactory(practice=practice, member=banjarbaru, verified_at="2025-05-01T00:00Z")
    ReplicationFactory(practice=practice, member=sidoarjo)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert page.index("Kota Banjarbaru") < page.index("Kabupaten Sidoarjo")  # verified first
    assert page.count("Terverifikasi") == 1
    assert page.count(">Dinyatakan<") == 1


def test_member_profiles_show_both_directions(client, practice, banjarbaru, kupang):
    ReplicationFactory(practice=practice, member=banjarbaru)
    replicator = client.get(banjarbaru.get_absolute_url()).content.decode()
    assert "Praktik yang kami replikasi" in replicator
    assert "Layanan Kupang" in replicator
    original = client.get(kupang.get_absolute_url()).content.decode()
    assert "Praktik kami yang direplikasi daerah lain" in original
    assert "oleh Kota Banjarbaru" in original


def test_profiles_hide_replications_of_unpublished_practices(client, practice, banjarbaru):
    ReplicationFactory(practice=practice, member=banjarbaru)
    practice.status = Practice.Status.ARCHIVED
    practice.save()
    assert "Layanan Kupang" not in client.get(banjarbaru.get_absolute_url()).content.decode()


def test_list_count_filter_and_sort(client, kupang, banjarbaru, sidoarjo):
    once = PublishedPracticeFactory(member=kupang, title="Sekali direplikasi")
    twice = PublishedPracticeFactory(
        member=kupang,
        title="Dua kali direplikasi",
        published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    PublishedPracticeFactory(member=kupang, title="Belum direplikasi")
    ReplicationFactory(practice=once, member=banjarbaru)
    ReplicationFactory(practice=twice, member=banjarbaru)
    ReplicationFactory(practice=twice, member=sidoarjo)
    page = client.get(reverse("practices:list")).content.decode()
    assert "Direplikasi oleh 2 daerah" in page
    assert "Direplikasi oleh 1 daerah" in page
    filtered = client.get(reverse("practices:list"), {"replicated": "on"})
    assert [p.title for p in filtered.context["object_list"]] == [
        "Sekali direplikasi",
        "Dua kali direplikasi",
    ]
    assert "Direplikasi setidaknya sekali" in filtered.content.decode()
    ranked = client.get(reverse("practices:list"), {"sort": "replicated"})
    titles = [p.title for p in ranked.context["object_list"]]
    assert titles[:2] == ["Dua kali direplikasi", "Sekali direplikasi"]
    assert (
        client.get(in_english("practices:list"), {"replicated": "on"})
        .content.decode()
        .count("Replicated by 1 region")
        == 1
    )


def test_practice_page_queries_do_not_grow_with_replications(client, practice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        from django.core.cache import cache

        cache.clear()  # the page cache is invalidated after commit, which tests never reach
        with CaptureQueriesContext(connection) as captured:
            response = client.get(practice.get_absolute_url())
        assert response.status_code == HTTPStatus.OK
        return len(captured), len(response.context["replications"])

    members = list(Member.objects.exclude(pk=practice.member_id)[:15])
    ReplicationFactory(practice=practice, member=members[0], own_practice=None)
    small = queries()
    for member in members[1:]:
        ReplicationFactory(practice=practice, member=member)
    large = queries()
    assert small[1] == 1 and large[1] == 15
    assert small[0] == large[0]


@pytest.mark.parametrize("count", [1, 12])
def test_profile_queries_fixed_with_replications(client, kupang, count, django_assert_num_queries):
    practice = PublishedPracticeFactory(member=kupang)
    for member in Member.objects.exclude(pk=kupang.pk)[:count]:
        ReplicationFactory(practice=practice, member=member)
    # member, officer terms, hosted events, published practices, replications both ways
    with django_assert_num_queries(5):
        response = client.get(kupang.get_absolute_url())
    assert len(response.context["replicated_from_us"]) == count


def test_the_practice_page_offers_to_declare_then_to_update(
    client, practice, declarer, kupang, django_capture_on_commit_callbacks
):
    """Staff of another region are offered to declare; once they have, to update their
    declaration; the practice's own city and anonymous visitors are offered neither."""
    declare = "Daerah Anda mereplikasi praktik ini? Nyatakan di sini"
    update = "Perbarui replikasi oleh daerah Anda"
    client.force_login(declarer)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert declare in page and update not in page
    with django_capture_on_commit_callbacks(execute=True):
        ReplicationFactory(practice=practice, member=declarer.affiliations.get().member)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert update in page and declare not in page
    client.force_login(ApprovedAffiliationFactory(member=kupang).user)
    own_city = client.get(practice.get_absolute_url()).content.decode()
    assert declare not in own_city and update not in own_city
    client.logout()
    anonymous = client.get(practice.get_absolute_url()).content.decode()
    assert declare not in anonymous and update not in anonymous
