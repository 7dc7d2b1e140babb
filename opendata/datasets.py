"""The downloadable datasets: what each holds, column by column. The same definitions
write the files and the data dictionary, so they cannot disagree."""

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.links import absolute_url
from events.models import Article, Event
from members.models import Member
from practices.models import Practice


@dataclass
class Column:
    name: str
    description: Any
    value: Callable[[Any], Any] | None = None  # by default, the attribute of that name
    kind: str = "text"  # text, integer, boolean, date, datetime, list, url

    def __post_init__(self):
        if self.value is None:
            self.value = operator.attrgetter(self.name)


@dataclass
class Dataset:
    name: str
    title: Any
    description: Any
    rows: Callable[[], Any]
    columns: list[Column] = field(default_factory=list)

    def record(self, obj) -> dict:
        return {column.name: column.value(obj) for column in self.columns}


def page(obj) -> str:
    return absolute_url(obj.get_absolute_url())


def iso(value) -> str | None:
    return value.isoformat() if value else None


MEMBERS = Dataset(
    name="members",
    title=_("Members"),
    description=_(
        "The 514 kota and kabupaten of Indonesia, whether they are active members, "
        "and their figures."
    ),
    rows=lambda: Member.objects.select_related("province").order_by("code"),
    columns=[
        Column("code", _("Kemendagri code of the region, e.g. 53.71.")),
        Column("slug", _("Identifier in the portal's addresses.")),
        Column("name", _("Name of the region.")),
        Column("kind", _("kota (city) or kabupaten (regency).")),
        Column("province_code", _("Kemendagri code of the province."), lambda m: m.province.code),
        Column("province_name", _("Name of the province."), lambda m: m.province.name),
        Column(
            "is_active_member",
            _("Whether the region is an active member of the network."),
            kind="boolean",
        ),
        Column(
            "joined_on",
            _("Date the region joined, when known."),
            lambda m: iso(m.joined_on),
            "date",
        ),
        Column("head_name", _("Head of region (Wali Kota or Bupati) as recorded.")),
        Column(
            "head_as_of",
            _("Date on which the head of region was known to be in office."),
            lambda m: iso(m.head_as_of),
            "date",
        ),
        Column("website", _("Official website."), kind="url"),
        Column("population", _("Number of inhabitants."), kind="integer"),
        Column("population_year", _("Year the population figure refers to."), kind="integer"),
        Column("districts", _("Number of kecamatan."), kind="integer"),
        Column("villages", _("Number of kelurahan and desa."), kind="integer"),
        Column("url", _("The member's page on the portal."), page, "url"),
    ],
)

PRACTICES = Dataset(
    name="practices",
    title=_("Best practices"),
    description=_("Published best practices of the member cities and regencies."),
    rows=lambda: (
        Practice.objects.published()
        .select_related("member", "member__province")
        .prefetch_related("themes", "sdgs")
        .order_by("published_at", "pk")
    ),
    columns=[
        Column("slug", _("Identifier in the portal's addresses.")),
        Column("title", _("Title.")),
        Column("language", _("Language of the text: id or en.")),
        Column("member_code", _("Kemendagri code of the member region."), lambda p: p.member.code),
        Column("member_name", _("Name of the member region."), lambda p: p.member.name),
        Column(
            "province_code", _("Kemendagri code of the province."), lambda p: p.member.province.code
        ),
        Column(
            "themes",
            _("Theme identifiers (slugs)."),
            lambda p: [t.slug for t in p.themes.all()],
            "list",
        ),
        Column(
            "sdgs",
            _("Numbers of the Sustainable Development Goals (1-17)."),
            lambda p: [s.number for s in p.sdgs.all()],
            "list",
        ),
        Column("kind", _("policy, programme, service or technology.")),
        Column("office", _("Implementing office (OPD).")),
        Column("summary", _("Summary (Markdown).")),
        Column("results", _("Results (Markdown).")),
        Column("start_date", _("Date the practice started."), lambda p: iso(p.start_date), "date"),
        Column(
            "end_date", _("Date the practice ended, if it did."), lambda p: iso(p.end_date), "date"
        ),
        Column("progress", _("ongoing, completed or stopped.")),
        Column("budget", _("Total cost in Rupiah."), kind="integer"),
        Column("funding_source", _("apbd, apbn, csr, mixed or other.")),
        Column(
            "published_at",
            _("When the secretariat published it."),
            lambda p: iso(p.published_at),
            "datetime",
        ),
        Column("updated_at", _("Last change."), lambda p: iso(p.updated_at), "datetime"),
        Column("url", _("The practice's page on the portal."), page, "url"),
    ],
)

EVENTS = Dataset(
    name="events",
    title=_("Events"),
    description=_("Seminars, workshops and meetings of the network, published or cancelled."),
    rows=lambda: Event.objects.published().select_related("host").order_by("start", "pk"),
    columns=[
        Column("slug", _("Identifier in the portal's addresses.")),
        Column("title", _("Title.")),
        Column("kind", _("seminar, workshop, conference, annual-meeting or study-visit.")),
        Column("status", _("published or cancelled.")),
        Column("host_code", _("Kemendagri code of the host region."), lambda e: e.host.code),
        Column("host_name", _("Name of the host region."), lambda e: e.host.name),
        Column(
            "start",
            _("Start (ISO 8601, with the offset of the event's zone)."),
            lambda e: iso(e.start.astimezone(e.zone)),
            "datetime",
        ),
        Column(
            "end",
            _("End (ISO 8601, with the offset of the event's zone)."),
            lambda e: iso(e.end.astimezone(e.zone)),
            "datetime",
        ),
        Column("time_zone", _("The event's time zone."), lambda e: str(e.zone)),
        Column("times_are_approximate", _("Whether the exact hours are unknown."), kind="boolean"),
        Column("venue_name", _("Venue.")),
        Column("venue_address", _("Address of the venue.")),
        Column("summary", _("Summary.")),
        Column("url", _("The event's page on the portal."), page, "url"),
    ],
)

NEWS = Dataset(
    name="news",
    title=_("News"),
    description=_("Published news articles about the network and its events."),
    rows=lambda: Article.objects.published().select_related("event").order_by("published_at", "pk"),
    columns=[
        Column("slug", _("Identifier in the portal's addresses.")),
        Column("title", _("Title.")),
        Column("language", _("Language of the text: id or en.")),
        Column("published_at", _("Publication time."), lambda a: iso(a.published_at), "datetime"),
        Column("author", _("Byline.")),
        Column("lead", _("Opening paragraph.")),
        Column("source_name", _("Publication the facts come from, if any.")),
        Column("source_url", _("Address of the source."), kind="url"),
        Column(
            "event",
            _("Identifier of the event the article is about, if any."),
            lambda a: a.event.slug if a.event and a.event.status != Event.Status.DRAFT else "",
        ),
        Column("url", _("The article's page on the portal."), page, "url"),
    ],
)

DATASETS = {dataset.name: dataset for dataset in [MEMBERS, PRACTICES, EVENTS, NEWS]}
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "CSV"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "JSON Lines"),
}
