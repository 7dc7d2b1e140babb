"""The things a person can follow, found by kind and public identifier, with their page
and their Atom feed. Only public things resolve: every theme, goal, province and
member region is public."""

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


def _theme(theme) -> Target:
    return Target(
        "theme",
        theme.slug,
        theme.name,
        theme.get_absolute_url(),
        reverse("follows:feed-theme", kwargs={"slug": theme.slug}),
    )


def _sdg(sdg) -> Target:
    return Target(
        "sdg",
        str(sdg.number),
        str(sdg),
        reverse("practices:list") + f"?sdg={sdg.number}",
        reverse("follows:feed-sdg", kwargs={"number": sdg.number}),
    )


def _province(province) -> Target:
    return Target(
        "province",
        province.code,
        province.name,
        reverse("members:list") + f"?province={province.code}",
        reverse("follows:feed-province", kwargs={"code": province.code}),
    )


def _member(member) -> Target:
    return Target(
        "member",
        member.slug,
        member.name,
        reverse("members:detail", kwargs={"slug": member.slug}),
        reverse("follows:feed-member", kwargs={"slug": member.slug}),
    )


BUILDERS = {"theme": _theme, "sdg": _sdg, "province": _province, "member": _member}


def _lookup(kind: str, keys: list[str]) -> dict[str, object]:
    if kind == "theme":
        return {obj.slug: obj for obj in Theme.objects.filter(slug__in=keys)}
    if kind == "sdg":
        numbers = [int(key) for key in keys if key.isdigit() and len(key) <= 2]
        return {str(obj.number): obj for obj in SDG.objects.filter(number__in=numbers)}
    if kind == "province":
        return {obj.code: obj for obj in Province.objects.filter(code__in=keys)}
    if kind == "member":
        return {obj.slug: obj for obj in Member.objects.filter(slug__in=keys).only("slug", "name")}
    return {}


def resolve(kind: str, key: str) -> Target | None:
    """The target, or None when the kind is unknown or nothing public has that key."""
    if kind not in BUILDERS or not key or len(key) > 100:
        return None
    found = _lookup(kind, [key]).get(key)
    return BUILDERS[kind](found) if found is not None else None


def resolve_many(pairs) -> list[Target]:
    """Targets for (kind, key) pairs in one query per kind, in the given order."""
    wanted: dict[str, list[str]] = {}
    for kind, key in pairs:
        wanted.setdefault(kind, []).append(key)
    found = {kind: _lookup(kind, keys) for kind, keys in wanted.items()}
    targets = []
    for kind, key in pairs:
        obj = found.get(kind, {}).get(key)
        if obj is not None:
            targets.append(BUILDERS[kind](obj))
    return targets


def unknown_message() -> str:
    return _("There is nothing to follow at this address: it may have been removed.")
