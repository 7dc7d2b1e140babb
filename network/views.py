import csv

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.cache import content_version

from . import stats
from .charts import Chart, Series, bar_chart

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def build_charts(figures: stats.Figures) -> dict[str, Chart]:
    practices = [Series("bar-practices", _("Published practices"))]
    replication = [
        Series("bar-verified", _("Replications verified by the secretariat")),
        Series("bar-declared", _("Declared, not yet verified")),
    ]
    charts = [
        bar_chart(
            slug="practices-by-province",
            title=_("Published practices by province"),
            label_header=_("Province"),
            series=practices,
            rows=figures.practices_by_province,
        ),
        bar_chart(
            slug="members-by-province",
            title=_("Members with and without a published practice, by province"),
            label_header=_("Province"),
            series=[
                Series("bar-with", _("Members with a published practice")),
                Series("bar-without", _("Members without one")),
            ],
            rows=figures.members_by_province,
        ),
        bar_chart(
            slug="practices-by-theme",
            title=_("Published practices by theme"),
            label_header=_("Theme"),
            series=practices,
            rows=figures.practices_by_theme,
        ),
        bar_chart(
            slug="practices-by-sdg",
            title=_("Published practices by Sustainable Development Goal"),
            label_header=_("Sustainable Development Goal"),
            series=practices,
            rows=[
                stats.Row(
                    row.label, row.values, row.url, _("SDG {number}").format(number=row.short_label)
                )
                for row in figures.practices_by_sdg
            ],
        ),
        bar_chart(
            slug="most-replicated-practices",
            title=_("The most replicated practices"),
            label_header=_("Practice (region)"),
            series=replication,
            rows=figures.most_replicated,
        ),
        bar_chart(
            slug="replicating-regions",
            title=_("The regions that replicate most"),
            label_header=_("Region"),
            series=replication,
            rows=figures.replicating_regions,
        ),
        bar_chart(
            slug="events-by-year",
            title=_("Events per year"),
            label_header=_("Year"),
            series=[Series("bar-events", _("Events"))],
            rows=figures.events_by_year,
            values=slice(0, 1),
        ),
        bar_chart(
            slug="registrations-by-year",
            title=_("Registrations for events, by the event's year"),
            label_header=_("Year"),
            series=[Series("bar-registrations", _("Registrations"))],
            rows=figures.events_by_year,
            values=slice(1, 2),
        ),
    ]
    return {chart.slug: chart for chart in charts}


class DashboardView(TemplateView):
    template_name = "network/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The charts are the same for everyone until content changes: render them once.
        key = f"network:body:{content_version()}:{get_language()}"
        body = cache.get(key)
        if body is None:
            figures = stats.figures()
            body = render_to_string(
                "network/includes/dashboard_body.html",
                {"figures": figures, "charts": build_charts(figures)},
            )
            cache.set(key, body, stats.CACHE_TIMEOUT)
        context["body"] = body
        return context


def chart_csv(request, chart: str):
    charts = build_charts(stats.figures())
    if chart not in charts:
        raise Http404(_("There is no such chart."))
    selected = charts[chart]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="citynet-{selected.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow([csv_safe(header) for header in selected.headers])
    for row in selected.csv_rows():
        writer.writerow([csv_safe(cell) for cell in row])
    return response
