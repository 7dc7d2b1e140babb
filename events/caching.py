"""What a change to each events model invalidates in the page and fragment caches."""

from core.cache import invalidate_on_change

from . import models


def registration_tags(registration) -> tuple[str, ...]:
    # Only the event's own page shows the seats left; no list shows registrations.
    return (f"event:{registration.event.slug}",)


def connect() -> None:
    for model in (
        models.Event,
        models.Session,
        models.Speaker,
        models.EventAttachment,
        models.EventPhoto,
    ):
        invalidate_on_change(model, ("events",))
    invalidate_on_change(models.Article, ("news",))
    invalidate_on_change(models.Registration, registration_tags)
    # The public verification page of a certificate is never cached.
    invalidate_on_change(models.Certificate, ())
