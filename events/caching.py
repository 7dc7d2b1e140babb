"""What a change to each events model invalidates in the page and fragment caches."""

from core.cache import invalidate_on_change

from .models import (
    Article,
    Certificate,
    Event,
    EventAttachment,
    EventPhoto,
    Registration,
    Session,
    Speaker,
)


def registration_tags(registration) -> tuple[str, ...]:
    # Only the event's own page shows the seats left; no list shows registrations.
    return (f"event:{registration.event.slug}",)


def connect() -> None:
    for model in (Event, Session, Speaker, EventAttachment, EventPhoto):
        invalidate_on_change(model, ("events",))
    invalidate_on_change(Article, ("news",))
    invalidate_on_change(Registration, registration_tags)
    # The public verification page of a certificate is never cached.
    invalidate_on_change(Certificate, ())
