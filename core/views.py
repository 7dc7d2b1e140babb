"""The base of the portal's filtered list pages."""

from django_filters.views import FilterView

from .filters import QuickFilterMixin


class FilteredListView(QuickFilterMixin, FilterView):
    """A list with a FilterSet, on a template that extends ``list_page.html`` and is named
    as ListView names it (``events/event_list.html``). Filter values that are not
    understood are reported on the form and ignored, not an empty list.

    ``filter_label`` names the filter form; ``filter_cache_tags`` are what its choices show
    and ``results_cache_tags`` what the results show, for the template's shared caches
    (without them the part is not cached)."""

    template_name_suffix = "_list"
    strict = False
    filter_label = ""
    filter_cache_tags = ""
    results_cache_tags = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_label"] = self.filter_label
        context["filter_cache_tags"] = self.filter_cache_tags
        context["results_cache_tags"] = self.results_cache_tags
        return context
