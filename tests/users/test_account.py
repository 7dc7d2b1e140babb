from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.models import Affiliation
from tests.factories import (
    AffiliationFactory,
    ApprovedAffiliationFactory,
    RejectedAffiliationFactory,
    UserFactory,
)
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db

ACCOUNT = in_indonesian("users:account")
REQUEST = in_indonesian("users:affiliation-request")
PROFILE = in_indonesian("users:profile")


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(ACCOUNT)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert (
        client.post(REQUEST, {"affiliation-member": "Kota Kupang"}).status_code == HTTPStatus.FOUND
    )
    assert client.post(PROFILE, {"full_name": "X"}).status_code == HTTPStatus.FOUND
    assert not Affiliation.objects.exists()


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Affiliation.Status.PENDING, "Menunggu"),
        (Affiliation.Status.APPROVED, "Disetujui"),
        (Affiliation.Status.REVOKED, "Dicabut"),
    ],
)
def test_account_shows_the_affiliation_status(client, kupang, status, label):
    affiliation = AffiliationFactory(member=kupang, status=status, reason="Pindah tugas.")
    client.force_login(affiliation.user)
    html = client.get(ACCOUNT).content.decode()
    assert "Kota Kupang" in html
    assert label in html


def test_rejected_shows_reason_and_a_new_request_form(client, kupang):
    affiliation = RejectedAffiliationFactory(member=kupang, reason="Surat tugas tidak ada.")
    client.force_login(affiliation.user)
    html = client.get(ACCOUNT).content.decode()
    assert "Ditolak" in html
    assert "Surat tugas tidak ada." in html
    assert "Ajukan afiliasi dengan daerah anggota" in html
    assert 'list="id_affiliation-member-options"' in html


def test_pending_has_no_request_form(client, kupang):
    affiliation = AffiliationFactory(member=kupang)
    client.force_login(affiliation.user)
    html = client.get(ACCOUNT).content.decode()
    assert "Ajukan afiliasi dengan daerah anggota" not in html


def test_empty_sections_for_practices_and_registrations(client, user):
    client.force_login(user)
    response = client.get(ACCOUNT)
    html = response.content.decode()
    assert list(response.context["practices"]) == []
    assert list(response.context["registrations"]) == []
    assert "Praktik baik saya" in html
    assert "Pendaftaran kegiatan saya" in html
    assert "Anda belum menulis praktik baik." in html
    assert "Anda belum mendaftar pada kegiatan apa pun." in html
    assert reverse("account_email") in html
    assert reverse("account_change_password") in html


def test_account_page_in_english(client, user):
    client.force_login(user)
    html = client.get(in_english("users:account")).content.decode()
    assert "My best practices" in html
    assert "My event registrations" in html


def test_request_again_after_rejection(
    client, kupang, sidoarjo, django_capture_on_commit_callbacks
):
    rejected = RejectedAffiliationFactory(member=kupang)
    client.force_login(rejected.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            REQUEST,
            {"affiliation-member": "kabupaten sidoarjo", "affiliation-job_title": "Analis"},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == ACCOUNT
    assert "Permintaan Anda telah dikirim" in response.content.decode()
    new = rejected.user.affiliations.get(status=Affiliation.Status.PENDING)
    assert new.member == sidoarjo
    assert new.job_title == "Analis"
    assert mail.outbox[0].to[0] == "sekretariat@citynet.id"


def test_request_with_unknown_member_shows_error(client, user):
    client.force_login(user)
    response = client.post(
        REQUEST, {"affiliation-member": "Kota Atlantis", "affiliation-job_title": "Analis"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Daerah “Kota Atlantis” tidak ditemukan; pilih dari daftar." in (
        response.content.decode()
    )
    assert not Affiliation.objects.exists()


@pytest.mark.parametrize("status", [Affiliation.Status.PENDING, Affiliation.Status.APPROVED])
def test_request_refused_while_one_is_open(client, kupang, sidoarjo, status):
    affiliation = AffiliationFactory(member=kupang, status=status)
    client.force_login(affiliation.user)
    response = client.post(
        REQUEST,
        {"affiliation-member": sidoarjo.name, "affiliation-job_title": "Kepala Dinas"},
        follow=True,
    )
    assert "sudah memiliki afiliasi" in response.content.decode()
    assert affiliation.user.affiliations.count() == 1
    affiliation.refresh_from_db()
    assert affiliation.member == kupang
    assert affiliation.status == status


def test_request_page_is_post_only(client, user):
    client.force_login(user)
    assert client.get(REQUEST).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.get(PROFILE).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_profile_update(client, kupang):
    affiliation = ApprovedAffiliationFactory(member=kupang)
    client.force_login(affiliation.user)
    response = client.post(
        PROFILE,
        {"full_name": "  Jefri  Riwu ", "language": "en", "job_title": "Kepala Bagian"},
        follow=True,
    )
    assert "Data diri Anda telah disimpan." in response.content.decode()
    affiliation.refresh_from_db()
    affiliation.user.refresh_from_db()
    assert affiliation.user.full_name == "Jefri Riwu"
    assert affiliation.user.language == "en"
    assert affiliation.job_title == "Kepala Bagian"
    assert affiliation.member == kupang


def test_profile_cannot_change_city_or_status(client, kupang, sidoarjo):
    affiliation = AffiliationFactory(member=kupang)
    client.force_login(affiliation.user)
    client.post(
        PROFILE,
        {
            "full_name": "Nama",
            "language": "id",
            "job_title": "Staf",
            "member": sidoarjo.pk,
            "status": Affiliation.Status.APPROVED,
            "is_staff": "on",
        },
    )
    affiliation.refresh_from_db()
    affiliation.user.refresh_from_db()
    assert affiliation.member == kupang
    assert affiliation.status == Affiliation.Status.PENDING
    assert not affiliation.user.is_staff


def test_profile_with_empty_name_is_an_error(client, user):
    client.force_login(user)
    name = user.full_name
    response = client.post(PROFILE, {"full_name": "   ", "language": "id"})
    assert response.status_code == HTTPStatus.OK
    assert "full_name" in response.context["profile_form"].errors
    user.refresh_from_db()
    assert user.full_name == name


def test_missing_csrf_token_gives_the_friendly_403(kupang):
    user = UserFactory()
    rejected = RejectedAffiliationFactory(member=kupang, user=user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        REQUEST, {"affiliation-member": "Kota Kupang", "affiliation-job_title": "Analis"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    html = response.content.decode()
    assert "Formulir tidak dapat dikirim" in html
    assert "site-header" in html
    assert user.affiliations.get() == rejected
    response = client.post(in_english("users:profile"), {"full_name": "Changed", "language": "en"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "The form could not be sent" in response.content.decode()
    user.refresh_from_db()
    assert user.full_name != "Changed"


def test_header_links_for_signed_in_person(client, user):
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert reverse("users:account") in html


@pytest.mark.parametrize("earlier", [1, 5])
def test_account_page_query_count_does_not_grow(client, kupang, django_assert_num_queries, earlier):
    user = UserFactory()
    for _ in range(earlier):
        RejectedAffiliationFactory(member=kupang, user=user)
    AffiliationFactory(member=kupang, user=user)
    client.force_login(user)
    # session, user, all affiliations (the open and the approved one among them),
    # registrations, follows, digest setting; no datalist
    with django_assert_num_queries(6):
        response = client.get(ACCOUNT)
    assert len(response.context["earlier_affiliations"]) == earlier


@pytest.mark.parametrize("earlier", [1, 5])
def test_account_page_with_request_form_query_count(
    client, kupang, django_assert_num_queries, earlier
):
    user = UserFactory()
    for _ in range(earlier):
        RejectedAffiliationFactory(member=kupang, user=user)
    client.force_login(user)
    # ... plus one for the datalist of member names
    with django_assert_num_queries(7):
        client.get(ACCOUNT)


def test_account_lists_the_persons_registrations(client, user):
    from tests.factories import EventFactory, RegistrationFactory

    mine = RegistrationFactory(user=user, event=EventFactory(title="Seminar Kupang Digital"))
    RegistrationFactory(event=EventFactory(title="Seminar Orang Lain"))
    client.force_login(user)
    html = client.get(ACCOUNT).content.decode()
    assert "Seminar Kupang Digital" in html
    assert "Seminar Orang Lain" not in html
    assert mine.event.get_absolute_url() in html
    assert "Terkonfirmasi" in html or "Dikonfirmasi" in html


def test_account_lists_the_citys_practices_with_edit_links(client):
    from tests.factories import ApprovedAffiliationFactory, PracticeFactory

    affiliation = ApprovedAffiliationFactory()
    draft = PracticeFactory(member=affiliation.member, title="Draf Layanan Digital")
    PracticeFactory(title="Praktik kota lain")
    client.force_login(affiliation.user)
    html = client.get(ACCOUNT).content.decode()
    assert "Draf Layanan Digital" in html
    assert "Praktik kota lain" not in html
    assert reverse("practices:edit", kwargs={"slug": draft.slug}) in html
    assert reverse("practices:new") in html


def test_secretariat_account_links_to_the_admin_instead_of_a_city_request(
    client, secretariat_user, kupang
):
    AffiliationFactory(member=kupang)
    client.force_login(secretariat_user)
    content = client.get(ACCOUNT).content.decode()
    assert "/admin/" in content
    assert "1 permintaan afiliasi menunggu keputusan" in content
    assert "0 praktik baik menunggu ditinjau" in content
    assert f'action="{REQUEST}"' not in content


def test_city_staff_account_has_no_secretariat_section(client, user):
    client.force_login(user)
    content = client.get(ACCOUNT).content.decode()
    assert 'id="secretariat-heading"' not in content
    assert f'action="{REQUEST}"' in content
