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


def _sdg_rows(figures: stats.Figures) -> list[stats.Row]:
    """The SDG rows, labelled "SDG 11" in the bars (the table keeps the full name)."""
    return [
        stats.Row(row.label, row.values, row.url, _("SDG {number}").format(number=row.short_label))
        for row in figures.practices_by_sdg
    ]


def chart_specs(figures: stats.Figures) -> list[tuple]:
    """Each chart: slug, title, header of the label column, series, rows and the values
    of each row it draws."""
    practices = [Series("bar-practices", _("Published practices"))]
    replication = [
        Series("bar-verified", _("Replications verified by the secretariat")),
        Series("bar-declared", _("Declared, not yet verified")),
    ]
    members = [
        Series("bar-with", _("Members with a published practice")),
        Series("bar-without", _("Members without one")),
    ]
    province, year, every = _("Province"), _("Year"), slice(None)
    # fmt: off
    return [
        ("practices-by-province", _("Published practices by province"), province, practices,
         figures.practices_by_province, every),
        ("members-by-province", _("Members with and without a published practice, by province"),
         province, members, figures.members_by_province, every),
        ("practices-by-theme", _("Published practices by theme"), _("Theme"), practices,
         figures.practices_by_theme, every),
        ("practices-by-sdg", _("Published practices by Sustainable Development Goal"),
         _("Sustainable Development Goal"), practices, _sdg_rows(figures), every),
        ("most-replicated-practices", _("The most replicated practices"),
         _("Practice (region)"), replication, figures.most_replicated, every),
        ("replicating-regions", _("The regions that replicate most"), _("Region"), replication,
         figures.replicating_regions, every),
        ("events-by-year", _("Events per year"), year, [Series("bar-events", _("Events"))],
         figures.events_by_year, slice(0, 1)),
        ("registrations-by-year", _("Registrations for events, by the event's year"), year,
         [Series("bar-registrations", _("Registrations"))], figures.events_by_year, slice(1, 2)),
    ]
    # fmt: on


def build_charts(figures: stats.Figures) -> dict[str, Chart]:
    charts = (
        bar_chart(
            slug=slug, title=title, label_header=header, series=series, rows=rows, values=values
        )
        for slug, title, header, series, rows, values in chart_specs(figures)
    )
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
