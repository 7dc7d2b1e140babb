"""iCalendar export (RFC 5545) built with the ``icalendar`` library.

Each event's VEVENT is built once per version of the event and kept in the fragment
cache; a calendar of many events is assembled from those parts, so a save re-builds one
VEVENT, not the whole calendar."""

import datetime
import functools
import re
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.cache import cached_fragments
from core.links import absolute_url, site_url
from core.markdown import plain_text
from core.text import clean_text, one_line

END = b"END:VCALENDAR\r\n"
TZID = re.compile(rb";TZID=([^:;]+)[:;]")


def event_uid(event) -> str:
    """Stable across edits and slug changes: the primary key and the site's host."""
    host = site_url().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"event-{event.pk}@{host or 'citynet.id'}"


def vevent(event) -> bytes:
    """The calendar entry of ``event`` in the current language: the English title and
    summary on /en/ when the event has them, and the link to the page in that language."""
    item = CalendarEvent()
    item.add("uid", event_uid(event))
    # The time this version of the entry was made: the event's last change.
    item.add("dtstamp", event.updated_at)
    item.add("dtstart", event.start.astimezone(event.zone))
    item.add("dtend", event.end.astimezone(event.zone))
    language = {"LANGUAGE": event.text_language()}
    item.add("summary", one_line(event.display_title()), parameters=language)
    description = clean_text(plain_text(event.display_summary()))
    url = absolute_url(event.get_absolute_url())
    item.add("description", f"{description}\n\n{url}" if description else url, parameters=language)
    parts = [one_line(part) for part in (event.venue_name, event.venue_address) if part]
    location = ", ".join(part for part in parts if part)
    if event.host.name not in location:
        location = ", ".join(part for part in (location, event.host.name) if part)
    item.add("location", location)
    item.add("url", url)
    item.add("last-modified", event.updated_at)
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("sequence", event.sequence)
    return item.to_ical()


class _Key(NamedTuple):
    """What the calendar needs to know of an event before it has its VEVENT."""

    pk: int
    cache_version: str


@functools.lru_cache(maxsize=64)
def _calendar_head(name: str, zones: tuple[str, ...]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Citynet Indonesia//Events//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    # One placeholder event per zone lets the library add each VTIMEZONE it needs.
    for zone in zones:
        placeholder = CalendarEvent()
        placeholder.add("dtstart", datetime.datetime(2020, 1, 1, tzinfo=ZoneInfo(zone)))
        calendar.add_component(placeholder)
    calendar.add_missing_timezones()
    calendar.subcomponents = [item for item in calendar.subcomponents if item.name != "VEVENT"]
    content = calendar.to_ical()
    return content[: -len(END)]


def build_calendar(events, *, name: str) -> bytes:
    """The calendar of ``events`` (a queryset of events, or a list of them)."""
    if isinstance(events, QuerySet):
        rows = events.values_list("pk", "updated_at", "host__updated_at")
        keys = [
            _Key(pk, f"e{pk}.{updated.timestamp()}.{host_updated.timestamp()}")
            for pk, updated, host_updated in rows
        ]
        full = events.model.objects.select_related("host")

        def render_many(missing):
            by_pk = full.in_bulk([key.pk for key in missing])
            return [vevent(by_pk[key.pk]) for key in missing]

        parts = cached_fragments(keys, name="vevent-3", render_many=render_many)
    else:
        parts = cached_fragments(list(events), vevent, name="vevent-3")
    # The zones the entries use, each of which needs its VTIMEZONE.
    zones = {zone.decode() for part in parts for zone in TZID.findall(part)}
    return _calendar_head(str(name), tuple(sorted(zones))) + b"".join(parts) + END


def build_notice(
    event,
    *,
    attendee: str,
    method: str,
    url: str,
    meeting_url: str = "",
    language: str = "id",
    partstat: str = "ACCEPTED",
) -> str:
    """An iTIP message (RFC 5546) for one registrant: ``REQUEST`` adds or updates the event
    in their calendar, ``CANCEL`` removes it. Same UID as the feeds; SEQUENCE is the
    event's revision, so calendar clients apply the newest message. The title is in
    ``language`` when the event has it; ``partstat`` is the registrant's participation
    (ACCEPTED with a seat, TENTATIVE on the waiting list, DECLINED once they cancelled),
    with no reply asked for."""
    calendar = Calendar()
    calendar.add("prodid", "-//Citynet Indonesia//Events//ID")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    item = _notice_item(event, method=method, url=url, meeting_url=meeting_url, language=language)
    item.add(
        "attendee",
        f"mailto:{attendee}",
        parameters={"ROLE": "REQ-PARTICIPANT", "PARTSTAT": partstat, "RSVP": "FALSE"},
    )
    calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def _notice_item(event, *, method: str, url: str, meeting_url: str, language: str):
    """The VEVENT of a notice, without its attendee."""
    item = CalendarEvent()
    item.add("uid", event_uid(event))
    item.add("sequence", event.sequence)
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.start.astimezone(event.zone))
    item.add("dtend", event.end.astimezone(event.zone))
    item.add(
        "summary",
        one_line(event.display_title(language)),
        parameters={"LANGUAGE": event.text_language(language)},
    )
    location = ", ".join(one_line(part) for part in (event.venue_name, event.venue_address) if part)
    if location:
        item.add("location", location)
    item.add("url", url)
    description = url if not meeting_url else f"{url}\n{meeting_url}"
    item.add("description", description)
    item.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL.rsplit('<', 1)[-1].strip('> ')}")
    item.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    return item
