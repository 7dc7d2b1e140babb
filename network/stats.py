"""The coverage dashboard's figures: a few grouped queries over the whole network,
computed once per content version (core.cache) and language."""

from dataclasses import dataclass, field

from django.db.models import Count, Func, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import ExtractYear
from django.urls import reverse

from core.cache import ANY, cached_value
from events.models import Event, Registration
from members.models import Province
from practices.models import SDG, Practice, Replication, Theme

CACHE_TIMEOUT = 60 * 60
# The figures count nearly everything, registrations included (which bump only their event's
# own tag): any content change refreshes them.
TAGS = (ANY,)
TOP = 10
PUBLISHED = Practice.Status.PUBLISHED


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[int, ...]
    url: str = ""
    short_label: str = ""

    @property
    def value(self) -> int:
        return self.values[0]


@dataclass
class Figures:
    practices_by_province: list[Row] = field(default_factory=list)
    members_by_province: list[Row] = field(default_factory=list)  # (with, without)
    practices_by_theme: list[Row] = field(default_factory=list)
    practices_by_sdg: list[Row] = field(default_factory=list)
    events_by_year: list[Row] = field(default_factory=list)  # (events, registrations)
    most_replicated: list[Row] = field(default_factory=list)  # (verified, declared only)
    replicating_regions: list[Row] = field(default_factory=list)  # (verified, declared only)
    totals: dict[str, int] = field(default_factory=dict)


def _provinces(figures: Figures) -> None:
    published = Q(members__practices__status=PUBLISHED)
    provinces = (
        Province.objects.annotate(
            members_total=Count("members", distinct=True),
            members_with=Count("members", filter=published, distinct=True),
            practices=Count("members__practices", filter=published),
        )
        .order_by("code")
        .values_list("code", "name", "members_total", "members_with", "practices")
    )
    practices_url = reverse("practices:list")
    members_url = reverse("members:list")
    for code, name, total, with_practice, practices in provinces:
        figures.practices_by_province.append(
            Row(name, (practices,), f"{practices_url}?province={code}")
        )
        figures.members_by_province.append(
            Row(name, (with_practice, total - with_practice), f"{members_url}?province={code}")
        )
    figures.totals["practices"] = sum(row.value for row in figures.practices_by_province)
    figures.totals["members"] = sum(sum(row.values) for row in figures.members_by_province)
    figures.totals["members_with"] = sum(row.values[0] for row in figures.members_by_province)


def _themes(figures: Figures) -> None:
    url = reverse("practices:list")
    themes = Theme.objects.annotate(
        published_count=Count("practices", filter=Q(practices__status=PUBLISHED))
    ).order_by("order", "name_id")
    figures.practices_by_theme = [
        Row(theme.name, (theme.published_count,), f"{url}?theme={theme.slug}") for theme in themes
    ]


def _sdgs(figures: Figures) -> None:
    url = reverse("practices:list")
    sdgs = SDG.objects.annotate(
        published_count=Count("practices", filter=Q(practices__status=PUBLISHED))
    ).order_by("number")
    figures.practices_by_sdg = [
        Row(str(sdg), (sdg.published_count,), f"{url}?sdg={sdg.number}", str(sdg.number))
        for sdg in sdgs
    ]


def _years(figures: Figures) -> None:
    """Published events and their active registrations per year of the event, in one query:
    each event's registrations are counted through the (event, status) index, not joined."""
    active = [
        status for status in Registration.Status.values if status != Registration.Status.CANCELLED
    ]
    per_event = (
        Registration.objects.filter(event=OuterRef("pk"), status__in=active)
        .order_by()
        .values(count=Func(Value(1), function="COUNT"))
    )
    years = (
        Event.objects.published()
        .annotate(year=ExtractYear("start"))
        .values("year")
        .annotate(events=Count("pk"), registrations=Sum(Subquery(per_event)))
        .order_by("year")
        .values_list("year", "events", "registrations")
    )
    url = reverse("events:list")
    figures.events_by_year = [
        Row(str(year), (events, int(registrations or 0)), f"{url}?year={year}")
        for year, events, registrations in years
    ]
    figures.totals["events"] = sum(row.values[0] for row in figures.events_by_year)
    figures.totals["registrations"] = sum(row.values[1] for row in figures.events_by_year)


def _ranked(rows, label) -> list[dict]:
    """The TOP rows with most replications (then most verified, then by name)."""
    return sorted(rows, key=lambda row: (-row["total"], -row["verified"], label(row)))[:TOP]


def _replications(figures: Figures) -> None:
    """The most replicated published practices and the regions that replicate most:
    verified declarations and those only declared, counted apart. Two grouped queries; the
    totals are the sums of the per-practice counts."""
    public = Replication.objects.public().order_by()
    counts = {
        "total": Count("pk"),
        "verified": Count("pk", filter=Q(verified_at__isnull=False)),
    }
    practices = list(
        public.values("practice_id", "practice__slug", "practice__title", "practice__member__name")
        .annotate(**counts)
        .order_by()
    )
    figures.most_replicated = [
        Row(
            f"{row['practice__title']} ({row['practice__member__name']})",
            (row["verified"], row["total"] - row["verified"]),
            reverse("practices:detail", kwargs={"slug": row["practice__slug"]}),
            short_label=row["practice__title"],
        )
        for row in _ranked(practices, lambda row: row["practice__title"])
    ]
    regions = (
        public.values("member__slug", "member__name")
        .annotate(**counts)
        .order_by("-total", "-verified", "member__name")[:TOP]
    )
    figures.replicating_regions = [
        Row(
            row["member__name"],
            (row["verified"], row["total"] - row["verified"]),
            reverse("members:detail", kwargs={"slug": row["member__slug"]}),
        )
        for row in regions
    ]
    figures.totals["replications"] = sum(row["total"] for row in practices)
    figures.totals["replications_verified"] = sum(row["verified"] for row in practices)


def compute() -> Figures:
    figures = Figures()
    _provinces(figures)
    _themes(figures)
    _sdgs(figures)
    _years(figures)
    _replications(figures)
    return figures


def figures() -> Figures:
    """The figures for the current language, from the cache while no content changed
    (computed from the primary, see ``cached_value``)."""
    return cached_value("network:figures", TAGS, compute, timeout=CACHE_TIMEOUT)
