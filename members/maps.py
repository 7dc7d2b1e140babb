"""The members' map: points for the server-rendered SVG (projection in members/geo.py)."""

import math
from dataclasses import dataclass
from html import escape

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .geo import HEIGHT, WIDTH, project

SLUG_MARK = "__slug__"

MIN_RADIUS = 3.0
MAX_RADIUS = 7.0


def radius(practices: int) -> float:
    """Point size grows with the square root of the published practices, so the area
    of a point is roughly proportional to the count."""
    return round(min(MAX_RADIUS, MIN_RADIUS + math.sqrt(practices)), 1)


def with_published_count(queryset):
    return queryset.annotate(
        published_count=Count("practices", filter=Q(practices__status="published"))
    )


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    r: float
    url: str
    label: str
    css: str


# What a map point reads of a member.
POINT_FIELDS = ("slug", "name", "is_active_member", "latitude", "longitude", "province__name")


def points(members) -> tuple[list[Point], int]:
    """Map points for the members (a queryset annotated with ``published_count``), largest
    first so that small points are drawn on top; and how many have no position. Read as
    plain rows, with the labels' fixed parts translated once: 514 model instances, URL
    reversals and translations cost more than the page's whole query."""
    rows = members.values_list(*POINT_FIELDS, "published_count")
    url = reverse("members:detail", kwargs={"slug": SLUG_MARK})
    statuses = {True: _("active member"), False: _("not an active member")}
    label = _("{name}, {province}: {status}, {practices}")
    counted: dict[int, str] = {}
    out, missing = [], 0
    for slug, name, active, latitude, longitude, province, count in rows:
        if latitude is None or longitude is None:
            missing += 1
            continue
        if count not in counted:
            counted[count] = ngettext(
                "%(count)d published practice", "%(count)d published practices", count
            ) % {"count": count}
        x, y = project(latitude, longitude)
        out.append(
            Point(
                x=x,
                y=y,
                r=radius(count),
                url=url.replace(SLUG_MARK, slug),
                label=label.format(
                    name=name, province=province, status=statuses[active], practices=counted[count]
                ),
                css="map-point-active" if active else "map-point-inactive",
            )
        )
    out.sort(key=lambda point: -point.r)
    return out, missing


def render_points(map_points: list[Point]) -> SafeString:
    """The points as SVG links: built as one string, 514 template renders would cost more."""
    return mark_safe(  # noqa: S308 - every text is escaped
        "\n".join(
            f'<a href="{escape(p.url)}" aria-label="{escape(p.label)}" class="map-point '
            f'{p.css}"><title>{escape(p.label)}</title>'
            f'<circle cx="{p.x}" cy="{p.y}" r="{p.r}"/></a>'
            for p in map_points
        )
    )


VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"
