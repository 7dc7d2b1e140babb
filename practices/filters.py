import django_filters
from django import forms
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.cache import content_version
from core.widgets import FastSelect
from members.models import Member, Province

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


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. sampah")}),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("SDG"),
        field_name="sdgs",
        queryset=SDG.objects.all(),
        to_field_name="number",
        empty_label=_("All goals"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="member__province",
        queryset=Province.objects.all(),
        to_field_name="code",
        empty_label=_("All provinces"),
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
        widget=forms.NumberInput(attrs={"min": 1945, "max": 2100, "placeholder": "2019"}),
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
            return queryset.order_by("-replication_count", "-published_at", "pk")
        if self.search_text and data.get("sort") != "newest":
            return queryset.order_by("-rank", "-published_at", "pk")
        return queryset.latest_first()

    def active_filters(self, request):
        """Chips for the filters in use: label, value, and a link without it."""
        chips = []
        data = getattr(self.form, "cleaned_data", {}) or {}
        for name in [
            "q",
            "theme",
            "sdg",
            "province",
            "member",
            "year",
            "progress",
            "replicated",
            "recommended",
        ]:
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
