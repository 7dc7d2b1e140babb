"""schema.org JSON-LD: the one way to put structured data into a page, escaped for HTML.

Apps build a dict (``events.structured_data``, ``practices.structured_data``,
``members.structured_data``); the view passes ``json_ld(data)`` to the template, which
writes it into ``<script type="application/ld+json" nonce="{{ csp_nonce }}">``.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from .links import absolute_url

# The same escapes as django.utils.html.json_script: no "</script>" (or "<!--") can close
# or change the block, whatever a title contains.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def organization() -> dict:
    return {"@type": "Organization", "name": "Citynet Indonesia", "url": absolute_url("/")}


def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308 - escaped just above
