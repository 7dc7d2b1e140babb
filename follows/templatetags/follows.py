from django import template

from ..models import DigestOptOut, Follow
from ..targets import resolve_many

register = template.Library()


@register.inclusion_tag("follows/includes/follow_button.html", takes_context=True)
def follow_button(context, kind, key, name=""):
    """One button to follow or stop following a thing; a sign-in link for visitors."""
    request = context["request"]
    user = request.user
    following = bool(
        user.is_authenticated and Follow.objects.filter(user=user, kind=kind, key=key).exists()
    )
    return {
        "kind": kind,
        "key": key,
        "name": name,
        "following": following,
        "authenticated": user.is_authenticated,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("follows/includes/account_follows.html", takes_context=True)
def account_follows(context):
    """The follows section of the account page."""
    request = context["request"]
    user = request.user
    pairs = list(Follow.objects.for_user(user).values_list("kind", "key"))
    return {
        "targets": resolve_many(pairs),
        "digest_on": not DigestOptOut.objects.filter(user=user).exists(),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def filter_targets(filterset):
    """The followable things a list is filtered by (theme, SDG, province, member), for the
    follow buttons and the feeds of a filtered list."""
    data = getattr(getattr(filterset, "form", None), "cleaned_data", None) or {}
    pairs = []
    for kind in ("theme", "sdg", "province", "member"):
        value = data.get(kind)
        if value in (None, ""):
            continue
        key = getattr(value, "slug", None) or getattr(value, "code", None)
        if kind == "sdg":
            key = str(getattr(value, "number", value))
        pairs.append((kind, str(key or value)))
    return resolve_many(pairs)
