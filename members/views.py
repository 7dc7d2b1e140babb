from django.db.models import Prefetch
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from . import maps
from .filters import MemberFilter
from .models import Member, OfficerTerm, Position


class MemberListView(FilterView):
    filterset_class = MemberFilter
    template_name = "members/member_list.html"
    paginate_by = 30
    strict = False

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


class MemberMapView(FilterView):
    """All members as points on an outline of Indonesia, with the directory's filters."""

    filterset_class = MemberFilter
    template_name = "members/member_map.html"
    strict = False

    def get_queryset(self):
        return maps.with_published_count(
            Member.objects.select_related("province").only(
                "slug",
                "name",
                "is_active_member",
                "latitude",
                "longitude",
                "province__name",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        points, missing = maps.points(context["object_list"])
        context.update(
            points=maps.render_points(points),
            point_count=len(points),
            missing_count=missing,
            viewbox=maps.VIEWBOX,
            map_width=maps.WIDTH,
            map_height=maps.HEIGHT,
            legend_sizes=[(count, maps.radius(count)) for count in (0, 5, 20)],
        )
        return context


class MemberDetailView(DetailView):
    model = Member
    template_name = "members/member_detail.html"

    def get_queryset(self):
        return Member.objects.select_related("province")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["officer_terms"] = self.object.officer_terms.select_related("position")
        context["hosted_events"] = self.object.hosted_events.published().select_related("host")[:10]
        context["practices"] = self.object.practices.published().select_related("member")[:10]
        return context


class OfficerListView(TemplateView):
    template_name = "members/officer_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_terms"] = OfficerTerm.objects.current().with_related()
        positions = Position.objects.prefetch_related(
            Prefetch(
                "terms",
                queryset=OfficerTerm.objects.past().with_related().order_by("-end_date"),
                to_attr="past_terms",
            )
        )
        context["past_positions"] = [position for position in positions if position.past_terms]
        return context
