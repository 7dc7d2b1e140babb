from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.models import (
    BilingualNameMixin,
    Timestamped,
    Translated,
    bilingual_name,
    optional_text,
    user_reference,
    within_range,
)
from members.permissions import is_secretariat

from .fields import part_of_practice
from .practice import Practice, Transition

MIN_SCORE, MAX_SCORE = 1, 5
DEFAULT_RECOMMENDATION_THRESHOLD = 85


def recommendation_threshold() -> int:
    return int(
        getattr(settings, "PRACTICE_RECOMMENDATION_THRESHOLD", DEFAULT_RECOMMENDATION_THRESHOLD)
    )


def weighted_score(pairs) -> Decimal:
    """The 0-100 score of (score 1-5, weight) pairs: each score maps 1 → 0 and 5 → 100,
    and the criteria count in proportion to their weights."""
    pairs = [(int(score), int(weight)) for score, weight in pairs]
    total_weight = sum(weight for _score, weight in pairs)
    if not total_weight:
        return Decimal("0.00")
    points = sum(weight * (score - MIN_SCORE) for score, weight in pairs)
    value = Decimal(points * 100) / Decimal(total_weight * (MAX_SCORE - MIN_SCORE))
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class CriterionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Criterion(BilingualNameMixin, models.Model):
    """One aspect of the review rubric (from those the national public-service
    innovation competition, KIPP, assesses), with its weight."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_id, name_en = bilingual_name(150)
    description_id = optional_text(_("guidance (Indonesian)"))
    description_en = optional_text(_("guidance (English)"))
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How much the criterion counts, relative to the others."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Criteria not in use are not scored any more.")
    )

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["order", "pk"]
        constraints = [within_range("weight", 1, 100, name="practices_criterion_weight_1_to_100")]

    def __str__(self):
        return self.name

    description = Translated("description", source="description_id")


def current_round(practice) -> int:
    """Which submission of the practice a review scores now: the number of times it
    has been submitted (a revision sent back for review is a new round)."""
    submitted = Transition.objects.filter(
        practice=practice, to_status=Practice.Status.SUBMITTED
    ).count()
    return max(submitted, 1)


class ReviewQuerySet(models.QuerySet):
    def latest_round(self):
        """Reviews of the latest round each practice has reviews for."""
        latest = (
            Review.objects.filter(practice=models.OuterRef("practice"))
            .order_by("-round")
            .values("round")[:1]
        )
        return self.filter(round=models.Subquery(latest))


def review_score_annotations() -> dict:
    """``review_score`` (mean 0-100 of the latest round's reviews, None without any) and
    ``review_count`` (how many reviews that round has), for annotate() on practices."""
    latest = (
        Review.objects.filter(practice=models.OuterRef(models.OuterRef("pk")))
        .order_by("-round")
        .values("round")[:1]
    )
    round_reviews = Review.objects.filter(
        practice=models.OuterRef("pk"), round=models.Subquery(latest)
    ).order_by()
    mean = round_reviews.values("practice").annotate(mean=models.Avg("score")).values("mean")
    count = round_reviews.values("practice").annotate(count=models.Count("pk")).values("count")
    return {
        "review_score": models.Subquery(
            mean, output_field=models.DecimalField(max_digits=5, decimal_places=2)
        ),
        "review_count": Coalesce(models.Subquery(count), 0),
    }


class Review(Timestamped):
    """One secretariat reviewer's scores for one round of a practice."""

    practice = part_of_practice("reviews")
    reviewer = user_reference(_("reviewer"), blank=False)
    round = models.PositiveSmallIntegerField(
        _("submission"), default=1, help_text=_("1 for the first submission, 2 for the next…")
    )
    score = models.DecimalField(
        _("weighted score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text=_("0 to 100, from the criteria scores and their weights."),
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-round", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "reviewer", "round"],
                name="practices_review_once_per_reviewer_and_round",
            ),
            within_range("score", 0, 100, name="practices_review_score_0_to_100"),
        ]

    def __str__(self):
        return _("Review of “{practice}” (submission {round})").format(
            practice=self.practice, round=self.round
        )

    @staticmethod
    def can_score(user, practice) -> bool:
        """Secretariat staff score a submitted practice, or a published one (so that it
        can be recommended)."""
        return (
            is_secretariat(user)
            and user.is_staff
            and practice.status in (Practice.Status.SUBMITTED, Practice.Status.PUBLISHED)
        )

    @staticmethod
    def feedback_visible_to_author(practice) -> bool:
        """The author sees the reviewers' comments once changes are requested or the
        practice is published: not while the secretariat is still reviewing."""
        return practice.status in (Practice.Status.CHANGES_REQUESTED, Practice.Status.PUBLISHED)


class CriterionScore(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)]
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), help_text=_("The criterion's weight when the score was given.")
    )
    comment = optional_text(_("comment"))

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="practices_score_once_per_criterion"
            ),
            within_range("score", MIN_SCORE, MAX_SCORE, name="practices_criterion_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class Recommendation(models.Model):
    """The secretariat recommends a well-scored practice for replication."""

    practice = part_of_practice("recommendation", one_to_one=True)
    score = models.DecimalField(_("score when recommended"), max_digits=5, decimal_places=2)
    by = user_reference(_("recommended by"), blank=False)
    at = models.DateTimeField(_("recommended at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation for replication")
        verbose_name_plural = _("recommendations for replication")

    def __str__(self):
        return str(self.practice)
