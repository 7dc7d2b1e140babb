from django import template

from members.models import Member
from practices.filters import member_choices

from ..state import follow_state
from ..targets import resolve_many, target_for

register = template.Library()


@register.inclusion_tag("follows/includes/follow_button.html", takes_context=True)
def follow_button(context, kind, key, name="", secondary=False):
    """One button to follow or stop following a thing; a sign-in link for visitors.
    ``secondary``: the quieter style, where following is not the page's main action."""
    request = context["request"]
    user = request.user
    following = user.is_authenticated and follow_state(user).follows(kind, key)
    return {
        "kind": kind,
        "key": key,
        "name": name,
        "following": following,
        "secondary": secondary,
        "authenticated": user.is_authenticated,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("follows/includes/account_follows.html", takes_context=True)
def account_follows(context):
    """The follows section of the account page."""
    request = context["request"]
    user = request.user
    state = follow_state(user)
    return {
        "targets": resolve_many(state.pairs),
        "digest_on": state.digest_on,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def filter_targets(filterset):
    """The followable things a list is filtered by (theme, SDG, province, member), for the
    follow buttons and the feeds of a filtered list. Built from the filter's cleaned values
    (model instances, or the member choices already cached): no query."""
    data = getattr(getattr(filterset, "form", None), "cleaned_data", None) or {}
    targets = []
    # The event list's "host" filter is a member region too.
    fields = (("theme", "theme"), ("sdg", "sdg"), ("province", "province"), ("member", "member"))
    for kind, field in (*fields, ("member", "host")):
        value = data.get(field)
        if value in (None, ""):
            continue
        if isinstance(value, str):  # the member filter of the practice list: a slug
            names = dict(member_choices()) if kind == "member" else {}
            if value in names:
                targets.append(target_for(kind, Member(slug=value, name=names[value])))
        else:
            targets.append(target_for(kind, value))
    return targets
