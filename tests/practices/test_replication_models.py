import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import Member
from practices.models import Practice, Replication
from tests.factories import (
    ApprovedAffiliationFactory,
    PracticeFactory,
    PublishedPracticeFactory,
    ReplicationFactory,
    SecretariatUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def banjarbaru():
    return Member.objects.get(slug="kota-banjarbaru")


def test_one_declaration_per_practice_and_region(kupang, banjarbaru):
    practice = PublishedPracticeFactory(member=kupang)
    ReplicationFactory(practice=practice, member=banjarbaru)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReplicationFactory(practice=practice, member=banjarbaru)
    assert Replication.objects.count() == 1


def test_clean_refuses_own_practice_and_foreign_write_up(kupang, banjarbaru, sidoarjo):
    practice = PublishedPracticeFactory(member=kupang)
    with pytest.raises(ValidationError) as error:
        Replication(
            practice=practice, member=kupang, stage="studying", started_on="2025-01-01"
        ).clean()
    assert "practice" in error.value.message_dict
    other = PublishedPracticeFactory(member=sidoarjo)
    with pytest.raises(ValidationError) as error:
        Replication(
            practice=practice,
            member=banjarbaru,
            own_practice=other,
            stage="studying",
            started_on="2025-01-01",
        ).clean()
    assert "own_practice" in error.value.message_dict


def test_counts_per_practice_and_per_region(kupang, sidoarjo, banjarbaru):
    popular = PublishedPracticeFactory(member=kupang)
    single = PublishedPracticeFactory(member=sidoarjo)
    PublishedPracticeFactory(member=kupang)  # not replicated
    ReplicationFactory(practice=popular, member=banjarbaru)
    ReplicationFactory(practice=popular, member=sidoarjo)
    ReplicationFactory(practice=single, member=banjarbaru)

    by_practice = list(Replication.objects.count_by_practice())
    assert by_practice == [
        {"practice": popular.pk, "count": 2},
        {"practice": single.pk, "count": 1},
    ]
    by_member = {row["member"]: row["count"] for row in Replication.objects.count_by_member()}
    assert by_member == {banjarbaru.pk: 2, sidoarjo.pk: 1}

    most = list(Practice.objects.published().most_replicated())
    assert [(p.pk, p.replication_count) for p in most] == [(popular.pk, 2), (single.pk, 1)]
    assert Practice.objects.published().replicated().count() == 2
    counts = dict(
        Practice.objects.published().with_replication_count().values_list("pk", "replication_count")
    )
    assert sorted(counts.values()) == [0, 1, 2]


def test_public_hides_declarations_of_unpublished_practices(kupang, banjarbaru):
    replication = ReplicationFactory(practice__member=kupang, member=banjarbaru)
    assert list(Replication.objects.public()) == [replication]
    Practice.objects.filter(pk=replication.practice_id).update(status=Practice.Status.ARCHIVED)
    assert not Replication.objects.public().exists()


def test_by_member_and_of_member(kupang, banjarbaru):
    replication = ReplicationFactory(practice__member=kupang, member=banjarbaru)
    assert list(Replication.objects.by_member(banjarbaru)) == [replication]
    assert list(Replication.objects.of_member(kupang)) == [replication]
    assert not Replication.objects.by_member(kupang).exists()


def test_who_may_declare(kupang, banjarbaru):
    published = PublishedPracticeFactory(member=kupang)
    draft = PracticeFactory(member=kupang)
    other_staff = ApprovedAffiliationFactory(member=banjarbaru).user
    own_staff = ApprovedAffiliationFactory(member=kupang).user
    from tests.factories import AffiliationFactory

    pending = AffiliationFactory(member=banjarbaru).user
    assert Replication.can_declare(other_staff, published)
    assert not Replication.can_declare(other_staff, draft)
    assert not Replication.can_declare(own_staff, published)
    assert not Replication.can_declare(pending, published)
    assert not Replication.can_declare(UserFactory(), published)
    assert not Replication.can_declare(SecretariatUserFactory(), published)
