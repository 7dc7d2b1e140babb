"""The things a person can follow, found by kind and public identifier, with their page
and their Atom feed. Only public things resolve: every theme, goal, province and
member region is public."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import Member, Province
from practices.models import SDG, Theme

from .models import Follow


@dataclass(frozen=True)
class Target:
    kind: str
    key: str
    name: str
    page_url: str
    feed_url: str

    @property
    def kind_label(self) -> str:
        return Follow.Kind(self.kind).label


@dataclass(frozen=True)
class _Kind:
    model: type
    key_field: str  # the public identifier, also the feed URL's argument
    name: Callable[[object], str]


KINDS = {
    "theme": _Kind(Theme, "slug", lambda theme: theme.name),
    "sdg": _Kind(SDG, "number", str),
    "province": _Kind(Province, "code", lambda province: province.name),
    "member": _Kind(Member, "slug", lambda member: member.name),
}


def target_for(kind: str, obj) -> Target:
    spec = KINDS[kind]
    key = getattr(obj, spec.key_field)
    return Target(
        kind,
        str(key),
        spec.name(obj),
        obj.get_absolute_url(),
        reverse(f"follows:feed-{kind}", kwargs={spec.key_field: key}),
    )


def _lookup(kind: str, keys: list[str]) -> dict[str, object]:
    spec = KINDS[kind]
    if spec.key_field == "number":
        keys = [int(key) for key in keys if key.isdigit() and len(key) <= 2]
    found = spec.model.objects.filter(**{f"{spec.key_field}__in": keys})
    return {str(getattr(obj, spec.key_field)): obj for obj in found}


def resolve(kind: str, key: str) -> Target | None:
    """The target, or None when the kind is unknown or nothing public has that key."""
    if kind not in KINDS or not key or len(key) > 100:
        return None
    found = _lookup(kind, [key]).get(key)
    return target_for(kind, found) if found is not None else None


def resolve_many(pairs) -> list[Target]:
    """Targets for (kind, key) pairs in one query per kind, in the given order."""
    wanted: dict[str, list[str]] = {}
    for kind, key in pairs:
        wanted.setdefault(kind, []).append(key)
    found = {kind: _lookup(kind, keys) for kind, keys in wanted.items() if kind in KINDS}
    targets = []
    for kind, key in pairs:
        obj = found.get(kind, {}).get(key)
        if obj is not None:
            targets.append(target_for(kind, obj))
    return targets


def unknown_message() -> str:
    return _("There is nothing to follow at this address: it may have been removed.")
