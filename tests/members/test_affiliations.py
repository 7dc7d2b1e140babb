import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import IntegrityError, transaction

from core.errors import ServiceError, ServiceForbidden
from members import services
from members.models import Affiliation
from members.permissions import (
    SECRETARIAT_GROUP,
    approved_member,
    can_act_for,
    can_manage_affiliations,
    can_request_affiliation,
    is_secretariat,
)
from tests.factories import (
    AffiliationFactory,
    ApprovedAffiliationFactory,
    RejectedAffiliationFactory,
    SecretariatUserFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.paths import reverse_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the emails that the services queue for after the commit."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def test_sekretariat_group_has_the_admin_permissions():
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    expected = {
        ("users", "view_user"),
        ("users", "change_user"),
        ("members", "view_province"),
        ("members", "view_affiliation"),
        ("members", "change_affiliation"),
    }
    for model in ("member", "position", "officerterm"):
        for action in ("add", "change", "delete", "view"):
            expected.add(("members", f"{action}_{model}"))
    assert expected <= codenames
    assert ("users", "delete_user") not in codenames
    assert ("members", "delete_affiliation") not in codenames
    assert ("members", "change_province") not in codenames


# The rules -----------------------------------------------------------------


def test_anonymous_and_unaffiliated_act_for_no_city(kupang):
    from django.contrib.auth.models import AnonymousUser

    assert not can_act_for(AnonymousUser(), kupang)
    assert approved_member(AnonymousUser()) is None
    assert not can_act_for(UserFactory(), kupang)
    assert not can_act_for(UserFactory(), None)


@pytest.mark.parametrize(
    "status", [Affiliation.Status.PENDING, Affiliation.Status.REJECTED, Affiliation.Status.REVOKED]
)
def test_only_an_approved_affiliation_counts(kupang, status):
    affiliation = AffiliationFactory(member=kupang, status=status)
    assert not can_act_for(affiliation.user, kupang)
    assert approved_member(affiliation.user) is None


def test_approved_for_one_city_only(kupang, sidoarjo):
    affiliation = ApprovedAffiliationFactory(member=kupang)
    assert can_act_for(affiliation.user, kupang)
    assert not can_act_for(affiliation.user, sidoarjo)


def test_inactive_user_acts_for_no_city(kupang):
    affiliation = ApprovedAffiliationFactory(member=kupang, user__is_active=False)
    assert not can_act_for(affiliation.user, kupang)


def test_who_manages_affiliations():
    assert can_manage_affiliations(SecretariatUserFactory())
    assert not can_manage_affiliations(SecretariatUserFactory(is_staff=False))
    assert not can_manage_affiliations(StaffUserFactory())
    assert not can_manage_affiliations(UserFactory())
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert can_manage_affiliations(superuser)
    assert is_secretariat(superuser)


def test_who_may_request(kupang):
    assert can_request_affiliation(UserFactory())
    assert not can_request_affiliation(AffiliationFactory().user)
    assert not can_request_affiliation(ApprovedAffiliationFactory().user)
    assert can_request_affiliation(RejectedAffiliationFactory().user)
    assert can_request_affiliation(AffiliationFactory(status=Affiliation.Status.REVOKED).user)


def test_database_allows_one_open_affiliation_per_user(kupang, sidoarjo):
    affiliation = AffiliationFactory(member=kupang)
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(user=affiliation.user, member=sidoarjo, job_title="Staf")


# Services --------------------------------------------------------------------


def test_request_creates_pending_and_tells_the_secretariat(kupang, on_commit):
    SecretariatUserFactory(email="Staf@Citynet.id")
    StaffUserFactory(email="bukan.sekretariat@citynet.id")
    user = UserFactory(full_name="Yohana Lake", language="en")
    affiliation = on_commit(
        services.affiliation_request, user=user, member=kupang, job_title=" Analis Kebijakan "
    )
    assert affiliation.status == Affiliation.Status.PENDING
    assert affiliation.job_title == "Analis Kebijakan"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sekretariat@citynet.id", "staf@citynet.id"]
    # The secretariat works in Indonesian whatever the applicant's language.
    assert message.subject == "Permintaan afiliasi baru: Yohana Lake untuk Kota Kupang"
    assert "Analis Kebijakan" in message.body
    assert f"http://testserver/admin/members/affiliation/{affiliation.pk}/change/" in message.body


def test_request_refused_while_one_is_open(kupang, sidoarjo):
    affiliation = AffiliationFactory(member=kupang)
    with pytest.raises(ServiceError):
        services.affiliation_request(user=affiliation.user, member=sidoarjo, job_title="Staf")
    assert affiliation.user.affiliations.count() == 1


def test_request_again_after_rejection(kupang, sidoarjo, on_commit):
    rejected = RejectedAffiliationFactory(member=kupang)
    again = on_commit(
        services.affiliation_request, user=rejected.user, member=sidoarjo, job_title="Staf"
    )
    assert again.status == Affiliation.Status.PENDING
    assert rejected.user.affiliations.count() == 2


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("id", "Afiliasi Anda dengan Kota Kupang telah disetujui"),
        ("en", "Your affiliation with Kota Kupang has been approved"),
    ],
)
def test_approve(kupang, on_commit, language, subject):
    secretariat = SecretariatUserFactory()
    affiliation = AffiliationFactory(member=kupang, user__language=language)
    on_commit(services.affiliation_approve, affiliation=affiliation, by=secretariat)
    affiliation.refresh_from_db()
    assert affiliation.status == Affiliation.Status.APPROVED
    assert affiliation.decided_by == secretariat
    assert affiliation.decided_at is not None
    assert can_act_for(affiliation.user, kupang)
    [message] = mail.outbox
    assert message.to == [affiliation.user.email]
    assert message.subject == subject
    assert f"http://testserver{reverse_in(language, 'users:account')}" in message.body


@pytest.mark.parametrize(
    ("language", "subject", "label"),
    [
        ("id", "Permintaan afiliasi Anda untuk Kota Kupang tidak disetujui", "Alasan:"),
        ("en", "Your affiliation request for Kota Kupang was not approved", "Reason:"),
    ],
)
def test_reject_with_reason(kupang, on_commit, language, subject, label):
    secretariat = SecretariatUserFactory()
    affiliation = AffiliationFactory(member=kupang, user__language=language)
    on_commit(
        services.affiliation_reject,
        affiliation=affiliation,
        by=secretariat,
        reason="Surat tugas belum dilampirkan.",
    )
    affiliation.refresh_from_db()
    assert affiliation.status == Affiliation.Status.REJECTED
    assert affiliation.reason == "Surat tugas belum dilampirkan."
    [message] = mail.outbox
    assert message.subject == subject
    assert label in message.body
    assert "Surat tugas belum dilampirkan." in message.body


def test_reject_needs_a_reason(kupang):
    affiliation = AffiliationFactory(member=kupang)
    with pytest.raises(ServiceError):
        services.affiliation_reject(
            affiliation=affiliation, by=SecretariatUserFactory(), reason=" "
        )
    affiliation.refresh_from_db()
    assert affiliation.status == Affiliation.Status.PENDING


def test_revoke(kupang, on_commit):
    affiliation = ApprovedAffiliationFactory(member=kupang)
    on_commit(
        services.affiliation_revoke,
        affiliation=affiliation,
        by=SecretariatUserFactory(),
        reason="Sudah pindah tugas.",
    )
    affiliation.refresh_from_db()
    assert affiliation.status == Affiliation.Status.REVOKED
    assert not can_act_for(affiliation.user, kupang)
    assert "Sudah pindah tugas." in mail.outbox[0].body
    assert "berakhir" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("status", "decide", "kwargs"),
    [
        (Affiliation.Status.APPROVED, services.affiliation_approve, {}),
        (Affiliation.Status.REJECTED, services.affiliation_approve, {}),
        (Affiliation.Status.APPROVED, services.affiliation_reject, {"reason": "x"}),
        (Affiliation.Status.PENDING, services.affiliation_revoke, {"reason": "x"}),
        (Affiliation.Status.REVOKED, services.affiliation_revoke, {"reason": "x"}),
    ],
)
def test_decisions_only_from_the_right_status(kupang, status, decide, kwargs):
    affiliation = AffiliationFactory(member=kupang, status=status)
    with pytest.raises(ServiceError):
        decide(affiliation=affiliation, by=SecretariatUserFactory(), **kwargs)
    affiliation.refresh_from_db()
    assert affiliation.status == status
    assert mail.outbox == []


@pytest.mark.parametrize("maker", [UserFactory, StaffUserFactory])
def test_only_the_secretariat_decides(kupang, maker):
    affiliation = AffiliationFactory(member=kupang)
    with pytest.raises(ServiceForbidden):
        services.affiliation_approve(affiliation=affiliation, by=maker())
    with pytest.raises(ServiceForbidden):
        services.affiliation_reject(affiliation=affiliation, by=maker(), reason="x")
    affiliation.refresh_from_db()
    assert affiliation.status == Affiliation.Status.PENDING


def test_staff_with_permission_but_outside_the_group_cannot_decide(kupang):
    staff = StaffUserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="change_affiliation"))
    affiliation = AffiliationFactory(member=kupang)
    with pytest.raises(ServiceForbidden):
        services.affiliation_approve(affiliation=affiliation, by=staff)
