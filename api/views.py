import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse as api_reverse
from rest_framework.views import APIView

from core.cache import ALL, cached_fragments, tag_versions
from events.filters import EventFilter
from events.models import Article, Event, Session, Speaker
from members.filters import MemberFilter
from members.models import Member, OfficerTerm, Province
from practices.filters import PracticeFilter
from practices.models import SDG, Practice, Replication, Theme

from . import serializers
from .filters import COMMON_PARAMS
from .serializers import absolute


def row_version(row: tuple) -> str:
    """The version of a list item from its ``version_fields`` values."""
    return ".".join(
        str(value.timestamp()) if isinstance(value, datetime.datetime) else str(value)
        for value in row
    )


class PublicReadViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail of published things. Every answer carries a ``Link`` to the same
    thing's HTML page (the list with the same filters, or the detail page)."""

    # Things are addressed by their slug, as on their HTML pages.
    lookup_field = "slug"
    html_list_url_name: str = ""
    # The page-cache tags of what the answers show (see core.cache).
    cache_tags: tuple[str, ...] = ()
    detail_serializer_class = None
    html_url = ""
    # Lists with ``version_fields`` serialise each item once per version and language, in
    # the shared fragment cache: the list query fetches only these fields of the page's
    # rows (the primary key first), which together change whenever anything the item
    # shows changes, and the full rows are loaded only for the items not in the cache.
    # ``fragment_tags``: what else the items show (e.g. the themes' names).
    version_fields: tuple[str, ...] = ()
    fragment_tags: tuple[str, ...] = ()
    # Lists whose order does not depend on the time keep each page's keys and versions
    # in the shared cache with the total (see api.pagination): a page then costs no query
    # until something it shows changes.
    cache_rows = False

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def list(self, request, *args, **kwargs):
        if self.html_list_url_name:
            query = request.GET.copy()
            for name in COMMON_PARAMS:
                query.pop(name, None)
            encoded = query.urlencode()
            self.html_url = reverse(self.html_list_url_name) + (f"?{encoded}" if encoded else "")
        if not self.version_fields:
            return super().list(request, *args, **kwargs)
        # The versions of the tags of the total and of the items, in one round trip (the
        # page cache's snapshot keeps them for the rest of the request).
        tag_versions((ALL, *self.cache_tags, *self.fragment_tags))
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginate_queryset(
            queryset.prefetch_related(None).values_list(*self.version_fields)
        )
        results = cached_fragments(
            rows,
            name=f"api:{self.get_serializer_class().__name__}",
            version=row_version,
            tags=self.fragment_tags,
            render_many=self.render_rows,
        )
        return self.get_paginated_response(results)

    def get_render_queryset(self):
        """What a list item's serialiser reads (by primary key, in no order)."""
        return self.get_queryset()

    def render_rows(self, rows) -> list:
        """The items of ``rows`` (not in the cache), from their full rows loaded in one go;
        None for one that is gone since the list query (not stored, left out)."""
        objects = self.get_render_queryset().order_by().in_bulk([row[0] for row in rows])
        serializer = self.get_serializer()
        return [
            serializer.to_representation(objects[row[0]]) if row[0] in objects else None
            for row in rows
        ]

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self.html_url = self.get_html_url(instance)
        return Response(self.get_serializer(instance).data)

    def get_html_url(self, instance) -> str:
        return instance.get_absolute_url()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.html_url and response.status_code == 200:
            response["Link"] = f'<{absolute(self.html_url)}>; rel="alternate"; type="text/html"'
        return response


class ProvinceViewSet(PublicReadViewSet):
    """The 38 provinces, by Kemendagri code."""

    cache_tags = ("members", "provinces")
    queryset = Province.objects.order_by("code")
    serializer_class = serializers.ProvinceSerializer
    lookup_field = "code"
    html_list_url_name = "members:list"

    def get_html_url(self, instance):
        return reverse("members:list") + f"?province={instance.code}"


class MemberViewSet(PublicReadViewSet):
    """Kota and kabupaten, with their figures; the detail adds their network officers.
    Filters as on the member directory."""

    cache_tags = ("members", "officers")
    version_fields = ("pk", "updated_at")
    cache_rows = True
    fragment_tags = ("provinces",)  # the province's name
    serializer_class = serializers.MemberSerializer
    detail_serializer_class = serializers.MemberDetailSerializer
    filterset_class = MemberFilter
    html_list_url_name = "members:list"

    def get_queryset(self):
        # Ordered by the FilterSet's ``sort`` (name without the kind prefix by default).
        queryset = Member.objects.select_related("province")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("officer_terms", queryset=OfficerTerm.objects.with_related())
            )
        return queryset


class OfficerTermViewSet(PublicReadViewSet):
    """Terms of the network's officers, current and past."""

    cache_tags = ("officers", "members")
    queryset = OfficerTerm.objects.with_related().order_by(
        "position__order", "-start_date", "person_name", "pk"
    )
    serializer_class = serializers.OfficerTermSerializer
    lookup_field = "pk"
    html_list_url_name = "members:officers"

    def get_html_url(self, instance):
        return reverse("members:officers")


class EventViewSet(PublicReadViewSet):
    """Published and cancelled events, upcoming first (soonest first), then past ones
    (latest first). The detail adds the programme with its speakers and the documents.
    Filters as on the event list."""

    cache_tags = ("events", "members")
    version_fields = ("pk", "updated_at", "host__updated_at")
    serializer_class = serializers.EventSerializer
    detail_serializer_class = serializers.EventDetailSerializer
    filterset_class = EventFilter
    html_list_url_name = "events:list"

    def get_queryset(self):
        queryset = Event.objects.published().upcoming_first().select_related("host")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "sessions",
                    queryset=Session.objects.prefetch_related(
                        Prefetch("speakers", queryset=Speaker.objects.select_related("member"))
                    ),
                ),
                "attachments",
            )
        return queryset


class ArticleViewSet(PublicReadViewSet):
    """Published news, newest first; the detail adds the body (Markdown)."""

    cache_tags = ("news", "events")
    # The event's slug is shown unless the event is a draft.
    version_fields = ("pk", "updated_at", "event__updated_at")
    cache_rows = True  # until the next scheduled article is due (count_until)
    serializer_class = serializers.ArticleSerializer
    detail_serializer_class = serializers.ArticleDetailSerializer
    html_list_url_name = "news:list"

    def get_queryset(self):
        self.now = timezone.now()
        return Article.objects.published(now=self.now).latest_first().select_related("event")

    def count_until(self):
        """When the next scheduled article is due: the list's total holds until then."""
        return Article.objects.next_due(self.now)


class PracticeViewSet(PublicReadViewSet):
    """Published best practices, newest first (by relevance with ``q``). The detail adds
    the write-up, indicators, images with their renditions, attachments and links.
    Filters as on the practice list."""

    cache_tags = ("practices", "members", "taxonomy")
    version_fields = ("pk", "updated_at", "member__updated_at")
    cache_rows = True
    fragment_tags = ("taxonomy",)  # the themes' names
    serializer_class = serializers.PracticeSerializer
    detail_serializer_class = serializers.PracticeDetailSerializer
    filterset_class = PracticeFilter
    html_list_url_name = "practices:list"

    def get_queryset(self):
        if self.action == "list":
            # Only keys and versions are read from it (see PublicReadViewSet.list): the
            # annotations of the cards would cost more than the query.
            return Practice.objects.published().latest_first()
        queryset = Practice.objects.published().for_cards().prefetch_related("sdgs")
        if self.action == "retrieve":
            queryset = queryset.select_related("presented_at").prefetch_related(
                "indicators",
                "images",
                "attachments",
                "links",
                Prefetch(
                    "replications",
                    queryset=Replication.objects.select_related("member", "own_practice"),
                ),
            )
        return queryset.latest_first()

    def get_render_queryset(self):
        # A list item shows neither the replication count nor the recommendation.
        return (
            Practice.objects.published()
            .select_related("member__province")
            .prefetch_related("themes", "sdgs")
        )


class ThemeViewSet(PublicReadViewSet):
    cache_tags = ("taxonomy",)
    queryset = Theme.objects.order_by("order", "name_id", "pk")
    serializer_class = serializers.ThemeSerializer
    html_list_url_name = "practices:list"


class SDGViewSet(PublicReadViewSet):
    """The 17 Sustainable Development Goals."""

    cache_tags = ("taxonomy",)
    queryset = SDG.objects.order_by("number")
    serializer_class = serializers.SDGSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    html_list_url_name = "practices:list"

    def get_html_url(self, instance):
        return reverse("practices:list") + f"?sdg={instance.number}"


ENDPOINTS = [
    ("provinces", ProvinceViewSet, "code", "[0-9]{2}"),
    ("members", MemberViewSet, "slug", "[-a-zA-Z0-9_]+"),
    ("officer-terms", OfficerTermViewSet, "pk", "[0-9]+"),
    ("events", EventViewSet, "slug", "[-a-zA-Z0-9_]+"),
    ("news", ArticleViewSet, "slug", "[-a-zA-Z0-9_]+"),
    ("practices", PracticeViewSet, "slug", "[-a-zA-Z0-9_]+"),
    ("themes", ThemeViewSet, "slug", "[-a-zA-Z0-9_]+"),
    ("sdgs", SDGViewSet, "number", "[0-9]+"),
]


class ApiRootView(APIView):
    """The endpoints of the API."""

    @extend_schema(exclude=True)
    def get(self, request):
        links = {name: api_reverse(f"api:{name}-list", request=request) for name, *_ in ENDPOINTS}
        links["schema"] = api_reverse("api:schema", request=request)
        links["docs"] = api_reverse("api:docs", request=request)
        return Response(links)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar package's static files, with the start-up script as a
    separate file: the page loads nothing from elsewhere and runs under the CSP."""

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
