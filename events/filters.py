import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.widgets import FastSelect
from members.models import Member

from .models import Event, EventAttachment


def _year_filter():
    return django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": _("e.g. 2019")}),
    )


def _host_filter(hosts, **options):
    """The member cities in ``hosts`` (a Member QuerySet), chosen by slug."""
    return django_filters.ModelChoiceFilter(
        label=_("Host"),
        queryset=hosts.distinct().only("slug", "name").order_by("name"),
        to_field_name="slug",
        empty_label=_("All hosts"),
        widget=FastSelect,
        **options,
    )


class EventFilter(django_filters.FilterSet):
    year = _year_filter()
    host = _host_filter(
        Member.objects.filter(Exists(Event.objects.published().filter(host=OuterRef("pk"))))
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Event
        fields = ["year", "host", "kind"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start__year=int(value))


def _themes():
    """The practice themes, reached through the relation (practices imports events, so
    events does not import practices)."""
    practice = Event._meta.get_field("practices").related_model
    theme = practice._meta.get_field("themes").remote_field.model
    return theme.objects.order_by("order", "slug")


class DocumentFilter(django_filters.FilterSet):
    """The past-documents library: slides and reports of past events."""

    year = _year_filter()
    host = _host_filter(
        Member.objects.filter(hosted_events__attachments__isnull=False), field_name="event__host"
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        method="filter_theme",
        queryset=lambda request: _themes(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )

    class Meta:
        model = EventAttachment
        fields = ["year", "host", "theme"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(event__start__year=int(value))

    def filter_theme(self, queryset, name, value):
        """Documents of events where a practice on this theme was presented."""
        events = Event.objects.filter(practices__themes=value).values("pk")
        return queryset.filter(event__in=events)
