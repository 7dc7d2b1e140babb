"""Remembers that a browser belonged to a signed-in person, so that a form posted after
the session expired can be kept for them (and for nobody who never signed in)."""

from django.conf import settings

SIGNED_IN_COOKIE = "citynet_known"
SIGNED_IN_SALT = "users.known-browser"
SIGNED_IN_MAX_AGE = 60 * 60 * 24 * 90


def was_signed_in(request) -> bool:
    """True when this browser carries the signed mark set while someone was signed in."""
    value = request.get_signed_cookie(
        SIGNED_IN_COOKIE, default=None, salt=SIGNED_IN_SALT, max_age=SIGNED_IN_MAX_AGE
    )
    return value is not None


class KnownBrowserMiddleware:
    """Sets the signed mark on the first response to a signed-in person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if SIGNED_IN_COOKIE not in request.COOKIES and user is not None and user.is_authenticated:
            response.set_signed_cookie(
                SIGNED_IN_COOKIE,
                "1",
                salt=SIGNED_IN_SALT,
                max_age=SIGNED_IN_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
