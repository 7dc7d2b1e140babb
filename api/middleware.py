"""What every /api/ response shares: the per-address rate limit, the language chosen
with ``?lang=``, and CORS headers open for reading from any origin."""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Link, Retry-After, Content-Language",
    "Access-Control-Max-Age": "86400",
}
PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"120/min"`` -> (120, 60)."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower() or "min"]


def client_address(request) -> str:
    """The socket's address, or the entry that the trusted proxies in front added."""
    proxies = settings.API_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_wait(request, now: float | None = None) -> int:
    """Count the request in a fixed window shared through the cache; return the seconds
    to wait when the address is over the limit, else 0. cache.incr is atomic on Redis,
    so the count holds across app servers."""
    limit, period = parse_rate(settings.API_RATE_LIMIT)
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"api-rate:{client_address(request)}:{period}:{window}"
    try:
        if hasattr(cache, "count"):  # Redis: one round trip
            count = cache.count(key, timeout=period + 5)
        else:
            cache.add(key, 0, timeout=period + 5)
            count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 5)
        count = 1
    except Exception:  # noqa: BLE001 - the portal keeps serving when the cache is down
        return 0
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            return self.with_cors(HttpResponse(status=204))
        wait = rate_limit_wait(request)
        if wait:
            response = JsonResponse(
                {
                    "detail": _("Too many requests. Try again in %(seconds)d seconds.")
                    % {"seconds": wait}
                },
                status=429,
            )
            response["Retry-After"] = str(wait)
            return self.with_cors(response)
        lang = request.GET.get("lang")
        if lang is not None:
            codes = [code for code, _name in settings.LANGUAGES]
            if lang not in codes:
                response = JsonResponse(
                    {"lang": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)}]},
                    status=400,
                )
                return self.with_cors(response)
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        return self.with_cors(self.get_response(request))

    @staticmethod
    def with_cors(response):
        for name, value in CORS_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
