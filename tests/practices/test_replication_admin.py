from http import HTTPStatus

import pytest
from django.urls import reverse

from members.models import Member
from practices.models import Replication
from tests.factories import (
    ApprovedAffiliationFactory,
    ReplicationFactory,
    SecretariatUserFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:practices_replication_changelist"


@pytest.fixture
def replication(kupang):
    banjarbaru = Member.objects.get(slug="kota-banjarbaru")
    return ReplicationFactory(practice__member=kupang, member=banjarbaru)


def test_secretariat_lists_and_verifies(client, replication):
    client.force_login(SecretariatUserFactory())
    page = client.get(reverse(CHANGELIST), {"verified": "no"})
    assert page.status_code == HTTPStatus.OK
    assert "Kota Banjarbaru" in page.content.decode()
    response = client.post(
        reverse(CHANGELIST),
        {"action": "verify_selected", "_selected_action": [replication.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    replication.refresh_from_db()
    assert replication.is_verified
    assert client.get(reverse(CHANGELIST), {"verified": "yes"}).context["cl"].result_count == 1
    client.post(
        reverse(CHANGELIST),
        {"action": "unverify_selected", "_selected_action": [replication.pk]},
    )
    replication.refresh_from_db()
    assert not replication.is_verified


def test_staff_outside_secretariat_cannot_verify(client, replication):
    client.force_login(StaffUserFactory())
    assert client.get(reverse(CHANGELIST)).status_code == HTTPStatus.FORBIDDEN
    client.post(
        reverse(CHANGELIST), {"action": "verify_selected", "_selected_action": [replication.pk]}
    )
    assert Replication.objects.get().verified_at is None


def test_city_staff_have_no_admin(client, replication):
    client.force_login(ApprovedAffiliationFactory(member=replication.member).user)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == HTTPStatus.FOUND  # to the admin sign-in
    assert Replication.objects.get().verified_at is None
