from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse as api_reverse
from rest_framework.views import APIView

from events.filters import EventFilter
from events.models import Article, Event, Session, Speaker
from members.filters import MemberFilter
from members.models import Member, OfficerTerm, Province
from practices.filters import PracticeFilter
from practices.models import SDG, Practice, Replication, Theme

from . import serializers
from .filters import COMMON_PARAMS
from .serializers import absolute


class PublicReadViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail of published things. Every answer carries a ``Link`` to the same
    thing's HTML page (the list with the same filters, or the detail page)."""

    html_list_url_name: str = ""
    # The page-cache tags of what the answers show (see core.cache).
    cache_tags: tuple[str, ...] = ()
    detail_serializer_class = None
    html_url = ""

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
        return super().list(request, *args, **kwargs)

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
    serializer_class = serializers.MemberSerializer
    detail_serializer_class = serializers.MemberDetailSerializer
    filterset_class = MemberFilter
    lookup_field = "slug"
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
    html_list_url_name = "members:officers"

    def get_html_url(self, instance):
        return reverse("members:officers")


class EventViewSet(PublicReadViewSet):
    """Published and cancelled events, upcoming first (soonest first), then past ones
    (latest first). The detail adds the programme with its speakers and the documents.
    Filters as on the event list."""

    cache_tags = ("events", "members")
    serializer_class = serializers.EventSerializer
    detail_serializer_class = serializers.EventDetailSerializer
    filterset_class = EventFilter
    lookup_field = "slug"
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
    serializer_class = serializers.ArticleSerializer
    detail_serializer_class = serializers.ArticleDetailSerializer
    lookup_field = "slug"
    html_list_url_name = "news:list"

    def get_queryset(self):
        return Article.objects.published().latest_first().select_related("event")


class PracticeViewSet(PublicReadViewSet):
    """Published best practices, newest first (by relevance with ``q``). The detail adds
    the write-up, indicators, images with their renditions, attachments and links.
    Filters as on the practice list."""

    cache_tags = ("practices", "members", "taxonomy")
    serializer_class = serializers.PracticeSerializer
    detail_serializer_class = serializers.PracticeDetailSerializer
    filterset_class = PracticeFilter
    lookup_field = "slug"
    html_list_url_name = "practices:list"

    def get_queryset(self):
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
        return queryset.order_by("-published_at", "pk")


class ThemeViewSet(PublicReadViewSet):
    cache_tags = ("taxonomy",)
    queryset = Theme.objects.order_by("order", "name_id", "pk")
    serializer_class = serializers.ThemeSerializer
    lookup_field = "slug"
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
