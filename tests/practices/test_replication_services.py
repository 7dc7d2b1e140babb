import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.errors import ServiceError
from members.models import Member
from practices.models import Practice, Replication
from practices.replication_services import (
    replication_declare,
    replication_unverify,
    replication_update,
    replication_verify,
)
from tests.factories import (
    AffiliationFactory,
    ApprovedAffiliationFactory,
    PracticeFactory,
    PublishedPracticeFactory,
    ReplicationFactory,
    SecretariatUserFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db

DATA = {"stage": "studying", "started_on": datetime.date(2025, 3, 1), "changes": "Skala kecil."}


@pytest.fixture
def banjarbaru():
    return Member.objects.get(slug="kota-banjarbaru")


@pytest.fixture
def practice(kupang):
    return PublishedPracticeFactory(member=kupang, title="Layanan Kupang")


@pytest.fixture
def declarer(banjarbaru):
    return ApprovedAffiliationFactory(member=banjarbaru).user


def test_declare_saves_and_emails_original_region_in_each_language(
    practice, declarer, banjarbaru, kupang, django_capture_on_commit_callbacks
):
    indonesian = ApprovedAffiliationFactory(member=kupang, user__language="id").user
    english = ApprovedAffiliationFactory(member=kupang, user__language="en").user
    AffiliationFactory(member=kupang)  # pending: not emailed
    ApprovedAffiliationFactory(member=banjarbaru)  # the declaring side: not emailed
    with django_capture_on_commit_callbacks(execute=True):
        replication = replication_declare(practice=practice, by=declarer, data=DATA)
    assert replication.member == banjarbaru
    assert replication.declared_by == declarer
    assert not replication.is_verified
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {indonesian.email, english.email}
    assert by_recipient[indonesian.email].subject == (
        "Kota Banjarbaru mereplikasi praktik Anda “Layanan Kupang”"
    )
    assert "Tahap: Mempelajari" in by_recipient[indonesian.email].body
    assert in_indonesian("practices:list") in by_recipient[indonesian.email].body
    assert by_recipient[english.email].subject == (
        "Kota Banjarbaru is replicating your practice “Layanan Kupang”"
    )
    assert "Stage: Studying" in by_recipient[english.email].body
    assert in_english("practices:list") in by_recipient[english.email].body


def test_no_email_before_commit(practice, declarer, kupang, django_capture_on_commit_callbacks):
    ApprovedAffiliationFactory(member=kupang)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        replication_declare(practice=practice, by=declarer, data=DATA)
    # The notification waits for the commit (as does the page cache's invalidation).
    assert callbacks
    assert mail.outbox == []


def test_declaring_twice_is_refused(practice, declarer):
    replication_declare(practice=practice, by=declarer, data=DATA)
    with pytest.raises(ServiceError) as error:
        replication_declare(practice=practice, by=declarer, data=DATA)
    assert error.value.code == "duplicate"
    assert Replication.objects.count() == 1


@pytest.mark.parametrize(
    "who",
    ["anonymous", "no_affiliation", "pending", "rejected", "own_region", "secretariat", "staff"],
)
def test_who_may_not_declare(practice, kupang, banjarbaru, who):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import RejectedAffiliationFactory

    user = {
        "anonymous": lambda: AnonymousUser(),
        "no_affiliation": lambda: UserFactory(),
        "pending": lambda: AffiliationFactory(member=banjarbaru).user,
        "rejected": lambda: RejectedAffiliationFactory(member=banjarbaru).user,
        "own_region": lambda: ApprovedAffiliationFactory(member=kupang).user,
        "secretariat": lambda: SecretariatUserFactory(),
        "staff": lambda: StaffUserFactory(),
    }[who]()
    with pytest.raises(PermissionDenied):
        replication_declare(practice=practice, by=user, data=DATA)
    assert not Replication.objects.exists()


@pytest.mark.parametrize(
    "status",
    [
        Practice.Status.DRAFT,
        Practice.Status.SUBMITTED,
        Practice.Status.CHANGES_REQUESTED,
        Practice.Status.ARCHIVED,
    ],
)
def test_unpublished_practice_cannot_be_replicated(kupang, declarer, status):
    practice = PracticeFactory(member=kupang, status=status)
    with pytest.raises(PermissionDenied):
        replication_declare(practice=practice, by=declarer, data=DATA)
    assert not Replication.objects.exists()


def test_write_up_of_another_region_is_refused_and_nothing_saved(practice, declarer, sidoarjo):
    foreign = PublishedPracticeFactory(member=sidoarjo)
    with pytest.raises(ServiceError):
        replication_declare(practice=practice, by=declarer, data={**DATA, "own_practice": foreign})
    assert not Replication.objects.exists()


def test_update_moves_on_and_takes_verification_back(practice, declarer, banjarbaru):
    replication = ReplicationFactory(practice=practice, member=banjarbaru)
    replication_verify(replication=replication, by=SecretariatUserFactory())
    updated = replication_update(
        replication=replication, by=declarer, data={**DATA, "stage": "implemented"}
    )
    assert updated.stage == "implemented"
    assert updated.verified_at is None
    assert Replication.objects.get().stage == "implemented"


def test_update_by_other_region_refused(practice, banjarbaru, kupang, sidoarjo):
    replication = ReplicationFactory(practice=practice, member=banjarbaru)
    for user in (
        ApprovedAffiliationFactory(member=kupang).user,
        ApprovedAffiliationFactory(member=sidoarjo).user,
        AffiliationFactory(member=banjarbaru).user,
        SecretariatUserFactory(),
    ):
        with pytest.raises(PermissionDenied):
            replication_update(replication=replication, by=user, data={"stage": "implemented"})
    assert Replication.objects.get().stage == "adapting"


def test_only_secretariat_verifies(practice, banjarbaru, declarer, kupang):
    replication = ReplicationFactory(practice=practice, member=banjarbaru)
    for user in (
        declarer,
        ApprovedAffiliationFactory(member=kupang).user,
        StaffUserFactory(),
        UserFactory(),
    ):
        with pytest.raises(PermissionDenied):
            replication_verify(replication=replication, by=user)
    assert Replication.objects.get().verified_at is None
    secretariat = SecretariatUserFactory()
    replication_verify(replication=replication, by=secretariat)
    saved = Replication.objects.get()
    assert saved.is_verified and saved.verified_by == secretariat
    replication_unverify(replication=replication, by=secretariat)
    assert not Replication.objects.get().is_verified
