from http import HTTPStatus

import pytest
from django.core import mail

from members.models import Affiliation
from tests.factories import (
    TEST_PASSWORD,
    AffiliationFactory,
    ApprovedAffiliationFactory,
    RejectedAffiliationFactory,
    SecretariatUserFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/members/affiliation/"


@pytest.fixture
def secretariat_client(client):
    client.force_login(SecretariatUserFactory())
    return client


def action(name, *affiliations, **extra):
    return {"action": name, "_selected_action": [a.pk for a in affiliations], "index": 0, **extra}


def test_secretariat_sees_pending_first(secretariat_client, kupang, sidoarjo):
    RejectedAffiliationFactory(member=kupang)
    ApprovedAffiliationFactory(member=sidoarjo)
    pending = AffiliationFactory(member=kupang)
    response = secretariat_client.get(CHANGELIST)
    assert response.status_code == HTTPStatus.OK
    rows = list(response.context["cl"].result_list)
    assert rows[0] == pending
    html = response.content.decode()
    assert "Setujui permintaan yang dipilih" in html
    assert "Tolak permintaan yang dipilih" in html


def test_secretariat_approves_in_bulk(
    secretariat_client, kupang, sidoarjo, django_capture_on_commit_callbacks
):
    first = AffiliationFactory(member=kupang)
    second = AffiliationFactory(member=sidoarjo)
    already = ApprovedAffiliationFactory(member=kupang)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            CHANGELIST, action("approve_selected", first, second, already), follow=True
        )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "2 permintaan disetujui." in html
    assert "karena status permintaan ini disetujui" in html
    for affiliation in (first, second):
        affiliation.refresh_from_db()
        assert affiliation.status == Affiliation.Status.APPROVED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, second.user.email])


def test_reject_asks_for_a_reason_first(secretariat_client, kupang):
    pending = AffiliationFactory(member=kupang)
    response = secretariat_client.post(CHANGELIST, action("reject_selected", pending))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Tolak permintaan afiliasi" in html
    assert pending.user.email in html
    assert 'name="reason"' in html
    pending.refresh_from_db()
    assert pending.status == Affiliation.Status.PENDING
    assert mail.outbox == []


def test_reject_without_reason_changes_nothing(secretariat_client, kupang):
    pending = AffiliationFactory(member=kupang)
    response = secretariat_client.post(
        CHANGELIST, action("reject_selected", pending, confirm="yes", reason="  ")
    )
    assert response.status_code == HTTPStatus.OK
    assert "reason" in response.context["form"].errors
    pending.refresh_from_db()
    assert pending.status == Affiliation.Status.PENDING


def test_reject_with_reason(secretariat_client, kupang, django_capture_on_commit_callbacks):
    pending = AffiliationFactory(member=kupang, user__language="en")
    data = action("reject_selected", pending, confirm="yes", reason="Not a staff member.")
    del data["index"]  # the confirmation page posts like Django's delete confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(CHANGELIST, data)
    assert response.status_code == HTTPStatus.FOUND
    pending.refresh_from_db()
    assert pending.status == Affiliation.Status.REJECTED
    assert pending.reason == "Not a staff member."
    [message] = mail.outbox
    assert message.subject == "Your affiliation request for Kota Kupang was not approved"
    assert "Not a staff member." in message.body


def test_revoke_with_reason(secretariat_client, kupang, django_capture_on_commit_callbacks):
    approved = ApprovedAffiliationFactory(member=kupang)
    data = action("revoke_selected", approved, confirm="yes", reason="Pensiun.")
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(CHANGELIST, data)
    approved.refresh_from_db()
    assert approved.status == Affiliation.Status.REVOKED
    assert len(mail.outbox) == 1


def test_reason_page_in_english(client, kupang):
    client.force_login(SecretariatUserFactory())
    pending = AffiliationFactory(member=kupang)
    response = client.post(
        CHANGELIST, action("reject_selected", pending), headers={"accept-language": "en"}
    )
    assert "Reject affiliation requests" in response.content.decode()


def test_secretariat_admin_login_without_superuser(client, kupang):
    secretariat = SecretariatUserFactory()
    response = client.post(
        "/admin/login/",
        {"username": secretariat.email, "password": TEST_PASSWORD, "next": CHANGELIST},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(CHANGELIST).status_code == HTTPStatus.OK
    assert client.get("/admin/members/member/").status_code == HTTPStatus.OK
    assert client.get("/admin/users/user/").status_code == HTTPStatus.OK


def test_change_form_shows_the_decision_read_only(secretariat_client, kupang):
    affiliation = RejectedAffiliationFactory(member=kupang)
    response = secretariat_client.get(f"{CHANGELIST}{affiliation.pk}/change/")
    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "member" not in form.fields
    assert "job_title" in form.fields


def test_secretariat_cannot_add_or_delete(secretariat_client, kupang):
    assert secretariat_client.get(f"{CHANGELIST}add/").status_code == HTTPStatus.FORBIDDEN
    affiliation = AffiliationFactory(member=kupang)
    assert (
        secretariat_client.get(f"{CHANGELIST}{affiliation.pk}/delete/").status_code
        == HTTPStatus.FORBIDDEN
    )


@pytest.mark.parametrize("maker", [StaffUserFactory, UserFactory])
def test_other_staff_and_members_of_the_public_are_refused(client, kupang, maker):
    pending = AffiliationFactory(member=kupang)
    client.force_login(maker())
    response = client.get(CHANGELIST)
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    response = client.post(CHANGELIST, action("approve_selected", pending))
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    pending.refresh_from_db()
    assert pending.status == Affiliation.Status.PENDING


def test_staff_with_view_permission_only_gets_no_actions(client, kupang):
    from django.contrib.auth.models import Permission

    staff = StaffUserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_affiliation"))
    client.force_login(staff)
    pending = AffiliationFactory(member=kupang)
    response = client.get(CHANGELIST)
    assert response.status_code == HTTPStatus.OK
    assert "approve_selected" not in response.content.decode()
    response = client.post(CHANGELIST, action("approve_selected", pending))
    pending.refresh_from_db()
    assert pending.status == Affiliation.Status.PENDING
    assert mail.outbox == []


def test_secretariat_cannot_grant_rights_or_touch_superusers(secretariat_client):
    person = UserFactory()
    response = secretariat_client.get(f"/admin/users/user/{person.pk}/change/")
    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert field not in form.fields
    assert "full_name" in form.fields
    root = UserFactory(is_staff=True, is_superuser=True)
    response = secretariat_client.post(
        f"/admin/users/user/{root.pk}/change/", {"email": root.email, "full_name": "Hacked"}
    )
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    root.refresh_from_db()
    assert root.full_name != "Hacked"
    assert (
        secretariat_client.get(f"/admin/users/user/{root.pk}/password/").status_code
        == HTTPStatus.FORBIDDEN
    )


def test_change_page_offers_the_fitting_decisions(secretariat_client, kupang, sidoarjo):
    pending = AffiliationFactory(member=kupang)
    html = secretariat_client.get(f"{CHANGELIST}{pending.pk}/change/").content.decode()
    assert 'value="approve_selected"' in html
    assert 'value="reject_selected"' in html
    approved = ApprovedAffiliationFactory(member=sidoarjo)
    html = secretariat_client.get(f"{CHANGELIST}{approved.pk}/change/").content.decode()
    assert 'value="approve_selected"' not in html
    assert 'value="revoke_selected"' in html
    # The buttons post to the list's actions, like ticking the box there.
    response = secretariat_client.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": pending.pk, "index": 0}
    )
    assert response.status_code == HTTPStatus.FOUND
    pending.refresh_from_db()
    assert pending.status == Affiliation.Status.APPROVED
