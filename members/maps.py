"""The members' map: points for the server-rendered SVG (projection in members/geo.py)."""

import math
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .geo import HEIGHT, WIDTH

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


def points(members) -> tuple[list[Point], int]:
    """Map points for the members (each annotated with ``published_count``), largest
    first so that small points are drawn on top; and how many have no position."""
    out, missing = [], 0
    for member in members:
        point = member.map_point
        if point is None:
            missing += 1
            continue
        status = _("active member") if member.is_active_member else _("not an active member")
        practices = ngettext(
            "%(count)d published practice", "%(count)d published practices", member.published_count
        ) % {"count": member.published_count}
        out.append(
            Point(
                x=point[0],
                y=point[1],
                r=radius(member.published_count),
                url=member.get_absolute_url(),
                label=_("{name}, {province}: {status}, {practices}").format(
                    name=member.name,
                    province=member.province.name,
                    status=status,
                    practices=practices,
                ),
                css="map-point-active" if member.is_active_member else "map-point-inactive",
            )
        )
    out.sort(key=lambda point: -point.r)
    return out, missing


def render_points(map_points: list[Point]) -> SafeString:
    """The points as SVG links: built as one string, 514 template renders would cost more."""
    return format_html_join(
        "\n",
        '<a href="{}" aria-label="{}" class="map-point {}"><title>{}</title>'
        '<circle cx="{}" cy="{}" r="{}"/></a>',
        ((p.url, p.label, p.css, p.label, p.x, p.y, p.r) for p in map_points),
    )


VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"
