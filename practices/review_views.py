"""What the practice page shows of the scored reviews."""

from .models import Practice, Review
from .models.review import current_round


def review_feedback(practice: Practice) -> dict | None:
    """The reviewers' scores and comments on the practice's latest scored submission,
    grouped by criterion, without the reviewers' names."""
    reviews = list(
        Review.objects.filter(practice=practice)
        .latest_round()
        .prefetch_related("scores__criterion")
        .order_by("created_at", "pk")
    )
    if not reviews:
        return None
    criteria = {}
    for review in reviews:
        for item in review.scores.all():
            entry = criteria.setdefault(
                item.criterion_id, {"criterion": item.criterion, "scores": [], "comments": []}
            )
            entry["scores"].append(item.score)
            if item.comment:
                entry["comments"].append(item.comment)
    rows = sorted(criteria.values(), key=lambda row: (row["criterion"].order, row["criterion"].pk))
    mean = sum(review.score for review in reviews) / len(reviews)
    return {
        "rows": rows,
        "score": round(mean, 1),
        "count": len(reviews),
        "round": reviews[0].round,
        "is_current": reviews[0].round == current_round(practice),
    }


def review_context(practice: Practice, user) -> dict:
    """The reviewers' comments, for the author (the badge is in the page's public part)."""
    context = {}
    if practice.can_see_history(user) and Review.feedback_visible_to_author(practice):
        context["review_feedback"] = review_feedback(practice)
    return context
