"""Cards, rows and entries rendered once per object version and language, for everyone.

    {% load fragments %}
    {% fragments practices "practices/includes/practice_card.html" "practice" as cards %}
    {% for practice, card in cards %}{{ card }}{% endfor %}

The fragment template is rendered with only the object (and the keyword arguments given
to the tag): no request, no user, no CSRF token, so nothing per person can end up in the
shared cache. Each object says with ``cache_version`` what its fragment shows.
"""

import hashlib

from django import template
from django.template.loader import get_template

from core.cache import cached_fragments

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
