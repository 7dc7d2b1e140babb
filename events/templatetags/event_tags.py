from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..checkin import absolute_check_in_url, qr_svg

register = template.Library()


@register.filter
def clock(value) -> str:
    """A wall-clock time: "09.00" in Indonesian, "09:00" in English."""
    if not value:
        return ""
    separator = ":" if (get_language() or "id").startswith("en") else "."
    return value.strftime(f"%H{separator}%M")


@register.filter
def check_in_qr(registration) -> str:
    """The registration's personal check-in code as an inline SVG QR code."""
    return mark_safe(qr_svg(absolute_check_in_url(registration)))  # noqa: S308 - segno's SVG


@register.filter
def clock_in(value, event) -> str:
    """An aware time as a wall-clock time in ``event``'s zone, with the zone."""
    if not value:
        return ""
    return f"{clock(event.local(value))} {event.zone_abbreviation}"
