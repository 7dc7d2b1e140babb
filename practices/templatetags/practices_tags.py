from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..search import MARK_START, MARK_STOP
from ..validators import count_words

register = template.Library()


@register.filter
def search_headline(value):
    """Escape a search snippet, then highlight the matches with <mark>."""
    text = escape(value or "")
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308


@register.filter
def rupiah(value):
    """12500000 -> "Rp12.500.000" (Indonesian thousands separator)."""
    if value in (None, ""):
        return ""
    return "Rp" + f"{int(value):,}".replace(",", ".")


@register.filter
def word_count(value):
    return count_words(value)
