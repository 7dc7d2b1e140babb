"""Events and news: one module per topic, re-exported here."""

from .events import (
    ZONE_CHOICES,
    Event,
    EventAttachment,
    EventPhoto,
    EventQuerySet,
    RegistrationState,
    Session,
    Speaker,
    validate_cover,
)
from .news import Article, ArticleQuerySet, Status
from .registrations import Registration, RegistrationQuerySet

__all__ = [
    "ZONE_CHOICES",
    "Article",
    "ArticleQuerySet",
    "Event",
    "EventAttachment",
    "EventPhoto",
    "EventQuerySet",
    "Registration",
    "RegistrationQuerySet",
    "RegistrationState",
    "Session",
    "Speaker",
    "Status",
    "validate_cover",
]
