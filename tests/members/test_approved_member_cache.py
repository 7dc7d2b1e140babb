"""The city a person may act for is kept under their own cache key: every change to their
affiliations (services, the admin, a deleted member) is seen by the next check."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from members.models import Affiliation
from members.permissions import approved_member_id
from members.services import affiliation_approve, affiliation_revoke
from tests.factories import AffiliationFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The same person in a later request (no per-request memo)."""
    return get_user_model().objects.get(pk=user.pk)


def test_approval_and_revocation_are_seen_by_the_next_check(
    kupang, django_assert_num_queries
):
    secretariat = UserFactory(is_staff=True, is_superuser=True)
    affiliation = AffiliationFactory(member=kupang)
    user = affiliation.user
    assert approved_member_id(fresh(user)) is None
    later = fresh(user)
    with django_assert_num_queries(0):  # kept, "none" included
        assert approved_member_id(later) is None
    affiliation_approve(affiliation=affiliation, by=secretariat)
    assert approved_member_id(fresh(user)) == kupang.pk
    later = fresh(user)
    with django_assert_num_queries(0):
        assert approved_member_id(later) == kupang.pk
    affiliation_revoke(affiliation=affiliation, by=secretariat, reason="Pindah tugas.")
    assert approved_member_id(fresh(user)) is None


def test_a_deleted_affiliation_or_member_takes_the_right_away(kupang):
    affiliation = AffiliationFactory(member=kupang, status=Affiliation.Status.APPROVED)
    user = affiliation.user
    assert approved_member_id(fresh(user)) == kupang.pk
    affiliation.delete()
    assert approved_member_id(fresh(user)) is None
    other = AffiliationFactory(status=Affiliation.Status.APPROVED)
    assert approved_member_id(fresh(other.user)) == other.member_id
    other.member.delete()  # the affiliation goes with it (cascade): its signal still fires
    assert approved_member_id(fresh(other.user)) is None


def test_a_revoked_person_can_no_longer_write_a_practice(client, kupang):
    affiliation = AffiliationFactory(member=kupang, status=Affiliation.Status.APPROVED)
    client.force_login(affiliation.user)
    assert client.get(reverse("practices:new")).status_code == HTTPStatus.OK
    affiliation_revoke(
        affiliation=affiliation, by=UserFactory(is_superuser=True, is_staff=True), reason="x"
    )
    response = client.get(reverse("practices:new"))
    assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.FOUND)


def test_nothing_is_shared_between_people(kupang):
    approved = AffiliationFactory(member=kupang, status=Affiliation.Status.APPROVED)
    assert approved_member_id(fresh(approved.user)) == kupang.pk
    assert approved_member_id(UserFactory()) is None


def test_the_account_page_shows_affiliation_and_city_changes_at_once(
    client, kupang, django_capture_on_commit_callbacks
):
    affiliation = AffiliationFactory(member=kupang, status=Affiliation.Status.APPROVED)
    client.force_login(affiliation.user)
    account = reverse("users:account")
    assert kupang.name in client.get(account).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        kupang.name = "Kota Kupang Baru"
        kupang.save()
    assert "Kota Kupang Baru" in client.get(account).content.decode()
    affiliation_revoke(
        affiliation=affiliation, by=UserFactory(is_superuser=True, is_staff=True), reason="Mutasi."
    )
    page = client.get(account).content.decode()
    assert "Mutasi." in page
    assert reverse("practices:new") not in page
