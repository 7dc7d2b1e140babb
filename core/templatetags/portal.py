import functools
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_path(context, language_code):
    """The current page's path in another language (``/id/members/`` -> ``/en/members/``)."""
    request = context.get("request")
    if request is None:
        return f"/{language_code}/"
    return _translate_path(request.get_full_path(), language_code, get_language())


@register.simple_tag(takes_context=True)
def block_again(context, name):
    """What the block ``name`` of the page being rendered shows, once more: its most
    derived definition (``{{ block.super }}`` included), e.g. the title as the heading too
    (see templates/page.html). Empty outside an extending template or for an unknown block."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks is not None else None
    # BlockNode.render takes the most derived definition from the block context and
    # puts it back, as when the block is rendered in its own place.
    return block.render(context) if block is not None else ""


@receiver(setting_changed)
def _forget_paths(**kwargs):
    """A test that changes the URLs or the languages gets fresh paths."""
    _translate_path.cache_clear()


def _swap_prefix(path, language_code):
    """``translate_url`` leaves a path it cannot resolve (a 404 page) unchanged: swap
    the language prefix ourselves so the switch still changes the language."""
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return f"/{language_code}/{path[len(code) + 2 :]}"
    return path


@functools.lru_cache(maxsize=1024)
def _translate_path(full_path, language_code, _active_language):
    """Memoised: a page asks for the same paths several times (the switch, the alternate
    links), and resolving then reversing a path costs more than rendering a card. The
    active language is part of the key: it decides which URL prefix resolves."""
    translated = translate_url(full_path, language_code)
    parts = urlsplit(translated)
    path = parts.path
    if translated == full_path:
        path = _swap_prefix(path, language_code)
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(key == "next" for key, _value in pairs):
        # A sign-in page's ?next= leads back to a page: keep it in the chosen language.
        pairs = [
            (key, _swap_prefix(translate_url(value, language_code), language_code))
            if key == "next" and value.startswith("/")
            else (key, value)
            for key, value in pairs
        ]
        query = urlencode(pairs, safe="/")
    return urlunsplit(("", "", path, query, parts.fragment))


@register.filter
def startswith(value, prefix):
    return bool(prefix) and str(value).startswith(str(prefix))


@register.filter
def markdown(value):
    """Render Markdown to cleaned HTML: ``{{ practice.problem|markdown }}``."""
    from core.markdown import render_markdown

    return render_markdown(value or "")
