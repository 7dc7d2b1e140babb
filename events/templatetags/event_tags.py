from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def clock(value) -> str:
    """A wall-clock time: "09.00" in Indonesian, "09:00" in English."""
    if not value:
        return ""
    separator = ":" if (get_language() or "id").startswith("en") else "."
    return value.strftime(f"%H{separator}%M")
