"""Writes on scored reviews: a secretariat reviewer scores a practice against the rubric,
and the secretariat recommends well-scored practices for replication."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError, ServiceForbidden
from members.permissions import is_secretariat

from .models import Criterion, CriterionScore, Practice, Recommendation, Review
from .models.review import (
    MAX_SCORE,
    MIN_SCORE,
    current_round,
    recommendation_threshold,
    weighted_score,
)


def _clean_scores(criteria, scores: dict) -> list[tuple]:
    """(criterion, score, comment) for every criterion in use, or ServiceError."""
    known = {criterion.pk for criterion in criteria}
    unknown = set(scores) - known
    if unknown:
        raise ServiceError(_("Score only the criteria of the rubric."), code="criterion")
    cleaned, errors = [], []
    for criterion in criteria:
        score, comment = scores.get(criterion.pk, (None, ""))
        if isinstance(score, int) and not isinstance(score, bool):
            value = score
        elif isinstance(score, str) and score.strip().isdigit():
            value = int(score)
        else:
            value = None  # 3.5, "lima", None: not a whole score
        if value is None or not MIN_SCORE <= value <= MAX_SCORE:
            errors.append(
                _("Give “%(criterion)s” a score from %(min)s to %(max)s.")
                % {"criterion": criterion.name, "min": MIN_SCORE, "max": MAX_SCORE}
            )
            continue
        cleaned.append((criterion, value, (comment or "").strip()))
    if errors:
        raise ServiceError(errors, code="score")
    return cleaned


@transaction.atomic
def review_save(*, practice: Practice, by, scores: dict) -> Review:
    """Save ``by``'s review of the practice's current submission. ``scores`` maps each
    criterion's pk to (score 1-5, comment). A reviewer has one review per submission:
    saving again replaces its scores. Nothing is saved unless every criterion in use
    has a valid score."""
    locked = Practice.objects.select_for_update().get(pk=practice.pk)
    if not Review.can_score(by, locked):
        if is_secretariat(by) and by.is_staff:
            raise ServiceError(
                _("Only a submitted or published practice can be scored."), code="status"
            )
        raise ServiceForbidden(_("Only the secretariat scores practices."))
    criteria = list(Criterion.objects.active())
    if not criteria:
        raise ServiceError(_("The rubric has no criteria in use."), code="rubric")
    cleaned = _clean_scores(criteria, scores)
    round_number = current_round(locked)
    try:
        with transaction.atomic():
            review, _created = Review.objects.get_or_create(
                practice=locked, reviewer=by, round=round_number
            )
    except IntegrityError:
        review = Review.objects.get(practice=locked, reviewer=by, round=round_number)
    review.scores.all().delete()
    CriterionScore.objects.bulk_create(
        [
            CriterionScore(
                review=review,
                criterion=criterion,
                score=score,
                weight=criterion.weight,
                comment=comment,
            )
            for criterion, score, comment in cleaned
        ]
    )
    review.score = weighted_score(
        (score, criterion.weight) for criterion, score, _comment in cleaned
    )
    review.save(update_fields=["score", "updated_at"])
    return review


def _require_secretariat(by):
    if not is_secretariat(by):
        raise ServiceForbidden(_("Only the secretariat recommends practices."))


@transaction.atomic
def practice_recommend(*, practice: Practice, by) -> Recommendation:
    """Mark a published practice whose weighted score reaches the threshold as
    recommended for replication."""
    _require_secretariat(by)
    list(Practice.objects.select_for_update().filter(pk=practice.pk).values_list("pk"))
    locked = Practice.objects.with_review_score().get(pk=practice.pk)
    if not locked.is_published:
        raise ServiceError(
            _("Only a published practice can be recommended for replication."), code="status"
        )
    threshold = recommendation_threshold()
    if locked.review_score is None:
        raise ServiceError(
            _("“%(title)s” has no scored review yet."),
            code="unscored",
            params={"title": locked.title},
        )
    if locked.review_score < threshold:
        raise ServiceError(
            _("“%(title)s” scores %(score)s; a recommendation needs at least %(threshold)s."),
            code="below_threshold",
            params={
                "title": locked.title,
                "score": f"{locked.review_score:.1f}",
                "threshold": threshold,
            },
        )
    recommendation, _created = Recommendation.objects.get_or_create(
        practice=locked, defaults={"score": locked.review_score, "by": by}
    )
    return recommendation


@transaction.atomic
def practice_unrecommend(*, practice: Practice, by) -> None:
    _require_secretariat(by)
    Recommendation.objects.filter(practice=practice).delete()
