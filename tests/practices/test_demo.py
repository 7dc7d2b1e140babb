"""The demo shows replication and scored reviews: illustrative rows, loaded idempotently."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from practices.demo import KUPANG_PRACTICE, SIDOARJO_PRACTICE
from practices.models import (
    CriterionScore,
    Practice,
    Recommendation,
    Replication,
    Review,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every demo row of replications and reviews, as stored."""
    return {
        "replications": list(
            Replication.objects.order_by("pk").values(
                "pk",
                "practice__slug",
                "member__code",
                "stage",
                "started_on",
                "changes",
                "verified_at",
                "verified_by__email",
                "declared_by__email",
                "created_at",
            )
        ),
        "reviews": list(
            Review.objects.order_by("pk").values(
                "pk", "practice__slug", "reviewer__email", "round", "score", "updated_at"
            )
        ),
        "scores": list(
            CriterionScore.objects.order_by("pk").values(
                "pk", "review_id", "criterion__slug", "score", "weight", "comment"
            )
        ),
        "recommendations": list(
            Recommendation.objects.order_by("pk").values("pk", "practice__slug", "score", "at")
        ),
    }


def test_load_demo_twice_gives_the_same_rows():
    call_command("load_demo", verbosity=0)
    first = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == first
    assert len(first["replications"]) == 2
    assert len(first["reviews"]) == 2
    assert len(first["scores"]) == 12
    assert len(first["recommendations"]) == 1


def test_demo_replications_one_verified_one_declared():
    call_command("load_demo", verbosity=0)
    verified = Replication.objects.get(practice__slug=KUPANG_PRACTICE)
    assert verified.member.slug == "kota-banjarbaru"
    assert verified.is_verified
    assert verified.verified_by.email == "sekretariat@citynet.test"
    declared = Replication.objects.get(practice__slug=SIDOARJO_PRACTICE)
    assert declared.member.slug == "kota-kupang"
    assert not declared.is_verified
    assert declared.declared_by.email == "staf.kupang@citynet.test"
    for replication in (verified, declared):
        assert replication.changes.startswith("Contoh ilustratif untuk demo portal")


def test_demo_reviews_score_against_the_rubric_and_one_is_recommended(client):
    call_command("load_demo", verbosity=0)
    scores = dict(Practice.objects.with_review_score().values_list("slug", "review_score"))
    assert scores[KUPANG_PRACTICE] == Decimal("88.75")
    assert scores[SIDOARJO_PRACTICE] == Decimal("60.00")
    assert list(Recommendation.objects.values_list("practice__slug", flat=True)) == [
        KUPANG_PRACTICE
    ]
    assert all(
        comment.startswith("Contoh ulasan untuk demo portal.")
        for comment in CriterionScore.objects.values_list("comment", flat=True)
    )
    page = client.get(reverse("practices:detail", kwargs={"slug": KUPANG_PRACTICE}))
    content = page.content.decode()
    assert "Kota Banjarbaru" in content
    assert "Direkomendasikan untuk direplikasi" in content
