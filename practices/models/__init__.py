from .media import PracticeAttachment, PracticeImage, PracticeIndicator, PracticeLink
from .practice import Practice, PracticeQuerySet, Transition
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
    "Theme",
    "Transition",
]
