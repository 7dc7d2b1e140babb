"""Events and news: one module per topic, re-exported here."""

from .certificates import Certificate
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
from .registrations import CheckInError, Registration, RegistrationQuerySet

__all__ = [
    "ZONE_CHOICES",
    "Article",
    "Certificate",
    "CheckInError",
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
