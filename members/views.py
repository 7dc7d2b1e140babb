from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from core.cache import PAGE_TIMEOUT, CachedCountMixin, cached_parts, cached_value
from core.filters import QuickFilterMixin
from core.structured_data import json_ld
from core.templatetags.fragments import form_query
from core.views import FilteredListView

from . import maps
from .filters import MemberFilter
from .models import Member, OfficerTerm, Position
from .structured_data import member_data


class MemberListView(CachedCountMixin, FilteredListView):
    filterset_class = MemberFilter
    paginate_by = 30
    count_tags = ("members",)
    filter_label = _("Filter members")
    filter_cache_tags = "members"
    results_cache_tags = "members provinces"

    def get_queryset(self):
        return Member.objects.select_related("province").only(
            "slug",
            "name",
            "kind",
            "code",
            "logo",
            "is_active_member",
            "province__name",
            "province__code",
            "updated_at",
        )


MAP_TAGS = ("members", "practices")  # the points, and their size by published practices


class MemberMapView(QuickFilterMixin, FilterView):
    """All members as points on an outline of Indonesia, with the directory's filters."""

    filterset_class = MemberFilter
    template_name = "members/member_map.html"
    strict = False

    def get_queryset(self):
        return maps.with_published_count(
            Member.objects.select_related("province").only(*maps.POINT_FIELDS)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)

        # The same for everyone until members or practices change, keyed by the filters the
        # form understood (anything else in the query string changes nothing).
        def draw():
            points, missing = maps.points(context["object_list"])
            return maps.render_points(points), len(points), missing

        cached = cached_value(
            f"members:map:{form_query(self.filterset.form)}",
            MAP_TAGS,
            draw,
            timeout=PAGE_TIMEOUT,
        )
        context.update(
            points=cached[0],
            point_count=cached[1],
            missing_count=cached[2],
            viewbox=maps.VIEWBOX,
            map_width=maps.WIDTH,
            map_height=maps.HEIGHT,
            legend_sizes=[(count, maps.radius(count)) for count in (0, 4, 16)],
        )
        return context


class MemberDetailView(DetailView):
    model = Member
    template_name = "members/member_detail.html"

    def get_queryset(self):
        return Member.objects.select_related("province")

    # What the profile shows besides the member itself (see members/urls.py).
    public_tags = ("members", "officers", "events", "practices")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.object
        context["parts"] = cached_parts(
            self.template_name,
            ("grid", "json_ld"),
            # The host: absolute links (JSON-LD) use it where SITE_URL is not set.
            key=f"{member.pk}:{member.cache_version}:{self.request.get_host()}",
            tags=self.public_tags,
            context=lambda: self.public_context(member),
        )
        return context

    @staticmethod
    def public_context(member) -> dict:
        replications = member.replications.model.objects.public().involving(member)
        replications = list(replications.with_related()[:40])
        return {
            "member": member,
            "officer_terms": member.officer_terms.select_related("position"),
            "hosted_events": member.hosted_events.published().select_related("host")[:10],
            "practices": member.practices.published().select_related("member")[:10],
            "replicated_by_us": [r for r in replications if r.member_id == member.pk],
            "replicated_from_us": [r for r in replications if r.member_id != member.pk],
            "json_ld": json_ld(member_data(member)),
        }


class OfficerListView(TemplateView):
    template_name = "members/officer_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Which terms are current depends on the date: the parts are kept for one day.
        context["parts"] = cached_parts(
            self.template_name,
            ("body",),
            key=timezone.localdate().isoformat(),
            tags=("officers", "members"),
            context=self.public_context,
        )
        return context

    @staticmethod
    def public_context() -> dict:
        positions = Position.objects.prefetch_related(
            Prefetch(
                "terms",
                queryset=OfficerTerm.objects.past().with_related().order_by("-end_date"),
                to_attr="past_terms",
            )
        )
        return {
            "current_terms": list(OfficerTerm.objects.current().with_related()),
            "past_positions": [position for position in positions if position.past_terms],
        }
