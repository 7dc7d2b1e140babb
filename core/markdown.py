"""Markdown written by cities and the secretariat, rendered to safe HTML.

Markdown is converted first, then nh3 (ammonia) keeps only an allow-list of tags and
attributes: no script, no event handler, no javascript: URL survives.
"""

import functools
import threading

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "blockquote",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "abbr",
    "dl",
    "dt",
    "dd",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


_local = threading.local()


def _convert(text: str) -> str:
    """Markdown to raw HTML with one converter per thread (building a converter costs
    more than converting a page of text)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return converter.reset().convert(text)


@functools.lru_cache(maxsize=2048)
def _render(text: str) -> str:
    html = _convert(text)
    # Shift headings down one level so a "# Title" in the text is an h2.
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return clean_html(html)


def render_markdown(text: str) -> SafeString:
    """Markdown to cleaned HTML. Headings start at h2: the page owns the h1.
    Memoised: the same texts are rendered on every view of a page."""
    if not text:
        return mark_safe("")
    return mark_safe(_render(text))  # noqa: S308 - cleaned by nh3 in _render


@functools.lru_cache(maxsize=2048)
def plain_text(text: str) -> str:
    """The words of a Markdown text without any markup (for descriptions and feeds)."""
    if not text:
        return ""
    return nh3.clean(_convert(text), tags=set()).strip()
