import functools

import django_filters
from django import forms
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.cache import cached_value, content_version
from core.widgets import FastSelect
from members.models import Member, Province

from . import facets
from .models import SDG, Practice, Theme
from .search import search_practices

QUERY_MAX_LENGTH = 200


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def member_choices() -> list[tuple[str, str]]:
    """(slug, name) of the members with published practices. Plain tuples, cached until
    content changes: building 514 model instances on every list view was the page's
    largest cost."""
    key = f"practices:member-choices:{content_version('practices', 'members')}"
    choices = cache.get(key)
    if choices is None:
        published = Practice.objects.published().filter(member=OuterRef("pk"))
        choices = list(
            Member.objects.filter(Exists(published)).order_by("name").values_list("slug", "name")
        )
        cache.set(key, choices, 60 * 60)
    return choices


class CheckboxFilter(django_filters.BooleanFilter):
    """A tick box: ticked narrows the list, unticked (or absent) leaves it alone."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)


class CachedModelChoiceField(django_filters.fields.ModelChoiceField):
    """A choice from a whole small table that rarely changes (themes, goals, provinces),
    looked up through the shared cache until one of ``cache_tags`` changes: the lookup was
    a query on every filtered list."""

    def __init__(self, *args, cache_tags=(), **kwargs):
        self.cache_tags = tuple(cache_tags)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        lookup = functools.partial(super().to_python, value)
        if not isinstance(value, str) or value in self.empty_values:
            return lookup()
        model = self.queryset.model
        name = f"choice:{model._meta.label}:{self.to_field_name or 'pk'}:{value}"
        return cached_value(name, self.cache_tags, lookup)


class CachedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = CachedModelChoiceField


def _by_key(label, field_name, queryset, key, empty_label, cache_tags, **options):
    """A related thing chosen by the public key the URL carries (slug, number, code)."""
    return CachedModelChoiceFilter(
        label=label,
        field_name=field_name,
        queryset=queryset,
        to_field_name=key,
        empty_label=empty_label,
        cache_tags=cache_tags,
        **options,
    )


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. sampah")}),
    )
    theme = _by_key(
        _("Theme"), "themes", Theme.objects.all(), "slug", _("All themes"), ("taxonomy",)
    )
    sdg = _by_key(_("SDG"), "sdgs", SDG.objects.all(), "number", _("All goals"), ("taxonomy",))
    province = _by_key(
        _("Province"),
        "member__province",
        Province.objects.all(),
        "code",
        _("All provinces"),
        ("provinces",),
        widget=FastSelect,
    )
    member = django_filters.ChoiceFilter(
        label=_("Member city"),
        field_name="member__slug",
        choices=member_choices,
        empty_label=_("All members"),
        widget=FastSelect,
    )
    year = YearFilter(
        label=_("Year started"),
        field_name="start_date__year",
        validators=[MinValueValidator(1945), MaxValueValidator(2100)],
        # The years that have practices, with their counts (see facets_for_form).
        widget=FastSelect,
    )
    replicated = CheckboxFilter(label=_("Replicated at least once"), method="filter_replicated")
    recommended = CheckboxFilter(
        label=_("Recommended for replication"), method="filter_recommended"
    )
    progress = django_filters.ChoiceFilter(
        label=_("Implementation status"),
        choices=Practice.Progress.choices,
        empty_label=_("Any status"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest")),
            ("replicated", _("Most replicated")),
        ],
        empty_label=None,
        method="filter_sort",
        null_value="",
    )

    class Meta:
        model = Practice
        fields = [
            "q",
            "theme",
            "sdg",
            "province",
            "member",
            "year",
            "progress",
            "replicated",
            "recommended",
            "sort",
        ]

    @property
    def form(self):
        if not hasattr(self, "_form"):
            self._label_with_facets(super().form)
        return self._form

    @property
    def filters_in_use(self) -> dict:
        """The valid filter values (invalid ones are reported and ignored)."""
        if not self.is_bound:
            return {}
        return getattr(self.form, "cleaned_data", None) or {}

    def facet_counts(self) -> dict[str, dict]:
        if not hasattr(self, "_facet_counts"):
            self._facet_counts = facets.facet_counts(self)
        return self._facet_counts

    def _label_with_facets(self, form) -> None:
        """The theme, SDG, province, status and year options say how many practices each
        would show; counted only when the form is rendered (its HTML is cached)."""
        for name in ("theme", "sdg", "province"):
            field = form.fields[name]
            field.label_from_instance = functools.partial(self._model_label, name)
        progress = form.fields["progress"]
        progress.widget.choices = facets.FacetChoices(
            self, "progress", lambda choices=list(progress.choices): choices
        )
        form.fields["year"].widget.choices = facets.FacetChoices(self, "year", self._years)

    def _model_label(self, facet, obj) -> str:
        return facets.with_count(str(obj), self.facet_counts()[facet].get(obj.pk, 0))

    def _years(self):
        yield "", _("Any year")
        years = set(self.facet_counts()["year"])
        chosen = self.filters_in_use.get("year")
        if chosen:
            years.add(int(chosen))
        yield from ((year, str(year)) for year in sorted(years, reverse=True))

    def filter_q(self, queryset, name, value):
        return search_practices(value, queryset)

    def filter_sort(self, queryset, name, value):
        return queryset

    def filter_replicated(self, queryset, name, value):
        return queryset.replicated() if value else queryset

    def filter_recommended(self, queryset, name, value):
        return queryset.recommended() if value else queryset

    @property
    def search_text(self) -> str:
        data = getattr(self.form, "cleaned_data", {}) or {}
        return (data.get("q") or "").strip()

    @property
    def qs(self):
        """The filtered practices in the order asked for (by relevance when searching,
        newest first otherwise), also when no filter is given."""
        if not hasattr(self, "_sorted_qs"):
            self._sorted_qs = self.sort_queryset(super().qs)
        return self._sorted_qs

    def sort_queryset(self, queryset):
        data = getattr(self.form, "cleaned_data", {}) or {}
        if data.get("sort") == "replicated":
            if "replication_count" not in queryset.query.annotations:
                queryset = queryset.with_replication_count()
            return queryset.order_by("-replication_count", "-published_at", "pk")
        if self.search_text and data.get("sort") != "newest":
            return queryset.order_by("-rank", "-published_at", "pk")
        return queryset.latest_first()

    def active_filters(self, request):
        """Chips for the filters in use: label, value, and a link without it."""
        chips = []
        data = getattr(self.form, "cleaned_data", {}) or {}
        for name in self._meta.fields:
            if name == "sort":
                continue
            value = data.get(name)
            if value in (None, "", False):
                continue
            remaining = request.GET.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            if name == "q":
                remaining.pop("sort", None)
            shown = value.name if hasattr(value, "name") else value
            if name == "sdg":
                shown = str(value)
            if name == "member":
                shown = dict(member_choices()).get(value, value)
            if name == "year":
                shown = int(value)
            if value is True:
                shown = _("yes")
            if name == "progress":
                shown = Practice.Progress(value).label
            query = remaining.urlencode()
            chips.append(
                {
                    "label": self.form.fields[name].label,
                    "value": shown,
                    "remove_query": f"?{query}" if query else "",
                }
            )
        return chips
