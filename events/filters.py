import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.widgets import FastSelect
from members.models import Member

from .models import Event


class EventFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": _("e.g. 2019")}),
    )
    host = django_filters.ModelChoiceFilter(
        label=_("Host"),
        queryset=Member.objects.filter(
            Exists(Event.objects.published().filter(host=OuterRef("pk")))
        )
        .only("slug", "name")
        .order_by("name"),
        to_field_name="slug",
        empty_label=_("All hosts"),
        widget=FastSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Event
        fields = ["year", "host", "kind"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start__year=int(value))
