"""iCalendar export (RFC 5545) built with the ``icalendar`` library."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.links import absolute_url, site_url
from core.markdown import plain_text
from core.text import clean_text, one_line


def event_uid(event) -> str:
    """Stable across edits and slug changes: the primary key and the site's host."""
    host = site_url().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"event-{event.pk}@{host or 'citynet.id'}"


def build_calendar(events, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Citynet Indonesia//Events//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    now = timezone.now()
    for event in events:
        item = CalendarEvent()
        item.add("uid", event_uid(event))
        item.add("dtstamp", now)
        item.add("dtstart", event.start.astimezone(event.zone))
        item.add("dtend", event.end.astimezone(event.zone))
        item.add("summary", one_line(event.title))
        description = clean_text(plain_text(event.summary))
        url = absolute_url(event.get_absolute_url())
        item.add("description", f"{description}\n\n{url}" if description else url)
        parts = [one_line(part) for part in (event.venue_name, event.venue_address) if part]
        location = ", ".join(part for part in parts if part)
        if event.host.name not in location:
            location = ", ".join(part for part in (location, event.host.name) if part)
        item.add("location", location)
        item.add("url", url)
        item.add("last-modified", event.updated_at)
        item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        item.add("sequence", event.sequence)
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def build_notice(event, *, attendee: str, method: str, url: str, meeting_url: str = "") -> str:
    """An iTIP message (RFC 5546) for one registrant: ``REQUEST`` adds or updates the event
    in their calendar, ``CANCEL`` removes it. Same UID as the feeds; SEQUENCE is the
    event's revision, so calendar clients apply the newest message."""
    calendar = Calendar()
    calendar.add("prodid", "-//Citynet Indonesia//Events//ID")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    item = CalendarEvent()
    item.add("uid", event_uid(event))
    item.add("sequence", event.sequence)
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.start.astimezone(event.zone))
    item.add("dtend", event.end.astimezone(event.zone))
    item.add("summary", one_line(event.title))
    location = ", ".join(one_line(part) for part in (event.venue_name, event.venue_address) if part)
    if location:
        item.add("location", location)
    item.add("url", url)
    description = url if not meeting_url else f"{url}\n{meeting_url}"
    item.add("description", description)
    item.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL.rsplit('<', 1)[-1].strip('> ')}")
    item.add("attendee", f"mailto:{attendee}")
    item.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
