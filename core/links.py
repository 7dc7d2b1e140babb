"""Absolute links for emails, feeds, calendars, canonical tags and robots.txt.

Production sets ``SITE_URL`` (a system check requires it). Without it, in development,
links use the host the current request came in on, so that they work wherever the
server runs; outside a request (a management command) they fall back to localhost.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import DisallowedHost
from django.urls import reverse
from django.utils import translation

FALLBACK = "http://127.0.0.1:8000"

_request_base: ContextVar[str] = ContextVar("request_base", default="")


def request_base(request) -> str:
    try:
        return f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return ""


def site_url(request=None) -> str:
    """The scheme and host every absolute link starts with, without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is not None:
        return request_base(request) or FALLBACK
    return _request_base.get() or FALLBACK


def absolute_url(path: str, request=None) -> str:
    """``path`` (``/id/events/...``) as an absolute URL; absolute URLs are kept."""
    if path.startswith(("http://", "https://")):
        return path
    return site_url(request) + path


def absolute_url_in(language: str, name: str, **kwargs) -> str:
    """The absolute URL of the view ``name`` in ``language`` (``/en/...`` for an English
    reader): the links of an email."""
    with translation.override(language):
        return absolute_url(reverse(name, kwargs=kwargs or None))


class RequestSiteMiddleware:
    """Remembers the current request's host for ``site_url()`` when SITE_URL is unset."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_URL:
            return self.get_response(request)
        token = _request_base.set(request_base(request))
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)


@register()
def check_site_url(app_configs, **kwargs):
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [
        Error(
            "SITE_URL is not set.",
            hint="Set SITE_URL to the public base URL, e.g. https://citynet.id: emails, "
            "feeds, calendars and canonical links are built from it.",
            id="core.E001",
        )
    ]
