"""Cards, rows and entries rendered once per object version and language, for everyone.

    {% load fragments %}
    {% fragments practices "practices/includes/practice_card.html" "practice" as cards %}
    {% for practice, card in cards %}{{ card }}{% endfor %}

The fragment template is rendered with only the object (and the keyword arguments given
to the tag): no request, no user, no CSRF token, so nothing per person can end up in the
shared cache. Each object says with ``cache_version`` what its fragment shows.

``{% sharedcache %}`` keeps a block that is the same for everyone in the shared cache;
``{% constant %}`` keeps one that only the code and the language decide (the footer, the
main navigation) in the process.
"""

import hashlib
import re
from urllib.parse import urlencode

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.translation import get_language

from core.cache import PAGE_TIMEOUT, cached_fragments

register = template.Library()


@register.simple_tag
def fragments(objects, template_name, name, *, tags="", vary="", **extra):
    """``[(object, html)]`` for ``objects``, each rendered from ``template_name`` with the
    object as ``name``. ``tags``: space-separated cache tags the fragments also show (e.g.
    "taxonomy" for theme names); ``vary``: space-separated attributes of the object that
    change the fragment without changing its version (e.g. a search headline)."""
    objects = list(objects)
    compiled = get_template(template_name)
    varying = vary.split()

    def version(obj) -> str:
        key = obj.cache_version
        if varying:
            values = "\x00".join(str(getattr(obj, attribute, "")) for attribute in varying)
            key += ":" + hashlib.sha1(values.encode(), usedforsecurity=False).hexdigest()[:16]
        return key

    def render(obj):
        return compiled.render({name: obj, **extra})

    settings = "&".join(f"{key}={value}" for key, value in sorted(extra.items()))
    html = cached_fragments(
        objects,
        render,
        name=f"{template_name}?{settings}",
        version=version,
        tags=tags.split(),
    )
    return list(zip(objects, html, strict=True))


class SharedCacheNode(template.Node):
    def __init__(self, nodelist, name, tags, vary):
        self.nodelist, self.name, self.tags, self.vary = nodelist, name, tags, vary

    def render(self, context):
        tags = str(self.tags.resolve(context) or "").split()
        if not tags:  # without its tags, a block could never be refreshed: no caching
            return self.nodelist.render(context)
        values = "\x00".join(str(value.resolve(context)) for value in self.vary)
        digest = hashlib.sha1(values.encode(), usedforsecurity=False).hexdigest()[:24]
        name = self.name.resolve(context)

        def render(_key):
            return self.nodelist.render(context)

        return cached_fragments(
            [digest], render, name=f"block:{name}", version=str, tags=tags, timeout=PAGE_TIMEOUT
        )[0]


@register.tag
def sharedcache(parser, token):
    """Cache a block that is the same for everyone who sends the same values:

        {% sharedcache "filter-form" "practices members" action query %}...{% endsharedcache %}

    The name, the cache tags whose content the block shows (space-separated; nothing is
    cached without them), then the values the block depends on (the language is always
    part of the key). The block must not show anything per person."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name and cache tags")
    nodelist = parser.parse(("endsharedcache",))
    parser.delete_first_token()
    name, tags, *vary = (parser.compile_filter(bit) for bit in bits[1:])
    return SharedCacheNode(nodelist, name, tags, vary)


@register.filter
def form_query(form) -> str:
    """The values a bound form was given for its own fields, normalised."""
    if not getattr(form, "is_bound", False):
        return ""
    items = []
    for name in sorted(form.fields):
        for value in form.data.getlist(name) if hasattr(form.data, "getlist") else []:
            items.append((name, " ".join(str(value).split())))
    return urlencode(items)


# Parts that depend on nothing but the code, the language and a few given values (the
# footer, the main navigation): rendered once per process, not once per request.
_CONSTANTS: dict[tuple, str] = {}
_CONSTANTS_MAX = 512


@receiver(setting_changed)
def _forget_constants(**kwargs):
    _CONSTANTS.clear()


class ConstantNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        key = (
            self.name,
            get_language(),
            get_script_prefix(),
            *(str(value.resolve(context)) for value in self.vary),
        )
        html = _CONSTANTS.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_CONSTANTS) >= _CONSTANTS_MAX:
                _CONSTANTS.clear()
            _CONSTANTS[key] = html
        return html


@register.tag
def constant(parser, token):
    """Render a block once per process for each language and each set of values given:

        {% constant "footer" %}...{% endconstant %}
        {% constant "main-nav" request.path|nav_key %}...{% endconstant %}

    For what only the code, the translations and the given values decide (links from
    ``{% url %}``, translated labels): never content from the database, never anything
    per person."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    name, *vary = (parser.compile_filter(bit) for bit in bits[1:])
    return ConstantNode(nodelist, str(name.resolve({})), vary)


@register.filter
def nav_key(path) -> str:
    """What of a path decides which main-navigation link is current: the language prefix
    and the first segment (``/id/members/kota-kupang/`` -> ``/id/members/``)."""
    match = re.match(r"/[^/]*/[^/]*/?", str(path))
    return match.group(0) if match else str(path)
