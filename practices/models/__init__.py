from .media import PracticeAttachment, PracticeImage, PracticeIndicator, PracticeLink
from .practice import Practice, PracticeQuerySet, Transition
from .replication import Replication, ReplicationQuerySet
from .review import Criterion, CriterionScore, Recommendation, Review
from .revision import PracticeRevision, RevisionAttachment, RevisionCover, RevisionImage
from .taxonomy import SDG, Theme

__all__ = [
    "SDG",
    "Criterion",
    "CriterionScore",
    "Practice",
    "PracticeAttachment",
    "PracticeImage",
    "PracticeIndicator",
    "PracticeLink",
    "PracticeQuerySet",
    "Recommendation",
    "PracticeRevision",
    "Replication",
    "ReplicationQuerySet",
    "Review",
    "RevisionAttachment",
    "RevisionCover",
    "RevisionImage",
    "Theme",
    "Transition",
]
