from .media import PracticeAttachment, PracticeImage, PracticeIndicator, PracticeLink
from .practice import Practice, PracticeQuerySet, Transition
from .taxonomy import SDG, Theme

__all__ = [
    "SDG",
    "Practice",
    "PracticeAttachment",
    "PracticeImage",
    "PracticeIndicator",
    "PracticeLink",
    "PracticeQuerySet",
    "Theme",
    "Transition",
]
