"""schema.org JSON-LD for event and article pages (escaped by ``core.structured_data``)."""

from core.links import absolute_url
from core.markdown import plain_text
from core.structured_data import json_ld, organization
from core.text import one_line

__all__ = ["article_data", "event_data", "json_ld"]

EVENT_STATUS = {
    "published": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "draft": "https://schema.org/EventScheduled",
}


def event_data(event) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": one_line(event.display_title()),
        "description": one_line(plain_text(event.display_summary())),
        "inLanguage": event.text_language(),
        "startDate": event.start.astimezone(event.zone).isoformat(),
        "endDate": event.end.astimezone(event.zone).isoformat(),
        "eventStatus": EVENT_STATUS[event.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": absolute_url(event.get_absolute_url()),
        "location": {
            "@type": "Place",
            "name": one_line(event.venue_name) or event.host.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": one_line(event.venue_address),
                "addressLocality": event.host.name,
                "addressCountry": "ID",
            },
        },
        "organizer": [
            organization(),
            {
                "@type": "GovernmentOrganization",
                "name": event.host.name,
                "url": absolute_url(event.host.get_absolute_url()),
            },
        ],
    }
    if event.cover:
        data["image"] = [absolute_url(event.cover.url)]
    return data


def article_data(article) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": one_line(article.title)[:110],
        "description": one_line(plain_text(article.lead)),
        "inLanguage": article.language,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "publisher": organization(),
        "author": (
            {"@type": "Person", "name": one_line(article.author)}
            if article.author
            else organization()
        ),
    }
    if article.cover:
        data["image"] = [absolute_url(article.cover.url)]
    if article.source_url:
        data["isBasedOn"] = article.source_url
    if article.event_id and article.event.status != "draft":
        data["about"] = {
            "@type": "Event",
            "name": one_line(article.event.display_title()),
            "url": absolute_url(article.event.get_absolute_url()),
        }
    return data
