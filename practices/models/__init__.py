from .media import PracticeAttachment, PracticeImage, PracticeIndicator, PracticeLink
from .practice import Practice, PracticeQuerySet, Transition
from .replication import Replication, ReplicationQuerySet
from .revision import PracticeRevision
from .taxonomy import SDG, Theme

__all__ = [
    "SDG",
    "Practice",
    "PracticeAttachment",
    "PracticeImage",
    "PracticeIndicator",
    "PracticeLink",
    "PracticeQuerySet",
    "PracticeRevision",
    "Replication",
    "ReplicationQuerySet",
    "Theme",
    "Transition",
]
