"""Facet counts for the practice list: next to each option of the theme, SDG, province,
lifecycle status and year filters, how many published practices it would show.

Standard faceting: a facet's counts are taken within every other filter in use but not its
own, so the other options of a facet stay visible with what choosing them would give. One
grouped query per facet (five), only when the filter form is rendered (its HTML has its own
shared cache), and the counts themselves go into the shared cache under the practices'
content version and the normalised filters: the same for everyone, emptied by any change of
a published practice.
"""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext

from core.cache import PAGE_TIMEOUT, content_version

from .models import Practice

# The facet filters, with the filters that never narrow the practices left out.
FACETS = ("theme", "sdg", "province", "progress", "year")
NOT_FILTERS = {"sort"}


def _key_value(value) -> str:
    if hasattr(value, "pk"):
        return str(value.pk)
    return " ".join(str(value).split())


def normalised_filters(cleaned_data: dict) -> str:
    """The filters in use, sorted, as one string (for the cache key)."""
    items = sorted(
        (name, _key_value(value))
        for name, value in cleaned_data.items()
        if name not in NOT_FILTERS and value not in (None, "", False)
    )
    return urlencode(items)


def _filtered(filterset, exclude: str):
    """The published practices under every filter in use but ``exclude`` (and the sort)."""
    queryset = Practice.objects.published()
    data = filterset.filters_in_use
    narrowed = queryset
    applied = False
    for name, value in data.items():
        if name in NOT_FILTERS or name == exclude or value in (None, "", False):
            continue
        narrowed = filterset.filters[name].filter(narrowed, value)
        applied = True
    if not applied:
        return queryset
    # A semi-join on the filtered keys: the search's rank and the filters' joins stay in
    # the subquery, the grouping below counts each practice once.
    return queryset.filter(pk__in=narrowed.order_by().values("pk"))


def _grouped(queryset, field: str) -> dict:
    rows = queryset.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n")
    return {value: count for value, count in rows if value is not None}


def _compute(filterset) -> dict[str, dict]:
    through = {"theme": Practice.themes.through, "sdg": Practice.sdgs.through}
    counts = {}
    for facet, column in (("theme", "theme_id"), ("sdg", "sdg_id")):
        links = through[facet].objects.filter(practice__in=_filtered(filterset, facet).values("pk"))
        rows = links.order_by().values_list(column).annotate(n=Count("pk"))
        counts[facet] = dict(rows.values_list(column, "n"))
    counts["province"] = _grouped(_filtered(filterset, "province"), "member__province_id")
    counts["progress"] = _grouped(_filtered(filterset, "progress"), "progress")
    counts["year"] = _grouped(
        _filtered(filterset, "year").annotate(started=ExtractYear("start_date")), "started"
    )
    return counts


def facet_counts(filterset) -> dict[str, dict]:
    """{facet: {value (pk, status or year): count}} for a bound, validated filterset."""
    query = normalised_filters(filterset.filters_in_use)
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    key = f"practices:facets:{content_version('practices', 'members')}:{digest}"
    counts = cache.get(key)
    if counts is None:
        counts = _compute(filterset)
        cache.set(key, counts, PAGE_TIMEOUT)
    return counts


def with_count(label, count: int) -> str:
    return gettext("%(label)s (%(count)s)") % {"label": label, "count": count}


class FacetChoices(BaseChoiceIterator):
    """A widget's choices whose labels carry the facet counts, computed only when the
    widget is rendered (validation uses the field's own choices)."""

    def __init__(self, filterset, facet: str, choices):
        self.filterset, self.facet, self.choices = filterset, facet, choices

    def __iter__(self):
        counts = self.filterset.facet_counts()[self.facet]
        for value, label in self.choices():
            if value in ("", None):
                yield value, label
            else:
                yield value, with_count(label, counts.get(value, 0))
