"""Markdown written by cities and the secretariat, rendered to safe HTML.

Markdown is converted first, then nh3 (ammonia) keeps only an allow-list of tags and
attributes: no script, no event handler, no javascript: URL survives.

Anyone with an account can write Markdown, so its cost is bounded: a text longer than
``MAX_LENGTH`` or nested deeper than ``MAX_DEPTH`` (lists, quotes, unclosed brackets or
parentheses) is refused by the forms (``validate_markdown``) and, should one reach the
page anyway, shown as plain text. Within those bounds conversion time grows linearly with
the text: Python-Markdown's link parser rescans the rest of a paragraph from every ``[``
and ``(`` that is left open, which only the depth limit keeps cheap.
"""

import functools
import logging
import re
import threading

import markdown as markdown_lib
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_LENGTH = 30_000  # characters in one Markdown field
MAX_DEPTH = 20  # levels of lists and quotes, and brackets left open in a paragraph

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


_LINE_PREFIX = re.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_OPENERS = {"[": "]", "(": ")"}


def markdown_depth(text: str) -> int:
    """How deeply ``text`` nests, in one pass: quote markers, list markers and
    indentation (two columns a level) at the start of each line, and the brackets and
    parentheses still open at any point of a paragraph."""
    depth = 0
    for line in text.splitlines():
        prefix = _LINE_PREFIX.match(line).group()
        columns = len(prefix.expandtabs(4)) - len(prefix.replace(" ", "").replace("\t", ""))
        markers = prefix.count(">") + len(re.findall(r"(?:[-*+]|\d{1,9}[.)])[ \t]", prefix))
        depth = max(depth, markers + columns // 2)
    for paragraph in _BLANK_LINE.split(text):
        open_count = {"[": 0, "(": 0}
        for match in re.finditer(r"[\[\]()]", paragraph):
            char = match.group()
            if char in open_count:
                open_count[char] += 1
                depth = max(depth, open_count[char])
            else:
                opener = "[" if char == "]" else "("
                open_count[opener] = max(open_count[opener] - 1, 0)
    return depth


def validate_markdown(text: str) -> None:
    """Raise ValidationError when ``text`` is too long or nested too deeply to render."""
    if not text:
        return
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _(
                "This text is too long (%(length)s characters). "
                "The limit is %(limit)s characters: shorten it or attach a PDF."
            ),
            code="markdown_too_long",
            params={"length": f"{len(text):,}", "limit": f"{MAX_LENGTH:,}"},
        )
    if markdown_depth(text) > MAX_DEPTH:
        raise ValidationError(
            _(
                "This text nests too deeply: lists, quotes or brackets may go at most "
                "%(limit)s levels deep. Flatten the lists or close the brackets."
            ),
            code="markdown_too_deep",
            params={"limit": MAX_DEPTH},
        )


_local = threading.local()


def _convert(text: str) -> str:
    """Markdown to raw HTML with one converter per thread (building a converter costs
    more than converting a page of text). A converter that failed is discarded: it
    keeps the parser state of the text it failed on and would render the next one wrongly."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    try:
        return converter.reset().convert(text)
    except BaseException:
        _local.converter = None
        raise


def _to_html(text: str) -> str:
    """Raw HTML for ``text``: converted Markdown, or the text itself, escaped, when it is
    beyond the limits or the converter fails on it (never an error page)."""
    try:
        validate_markdown(text)
        return _convert(text)
    except ValidationError as error:
        logger.warning("Markdown shown as plain text: %s", error.code)
    except Exception:
        logger.warning("Markdown shown as plain text: the converter failed", exc_info=True)
    return linebreaks(escape(text))


@functools.lru_cache(maxsize=2048)
def _render(text: str) -> str:
    html = _to_html(text)
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
    return nh3.clean(_to_html(text), tags=set()).strip()
