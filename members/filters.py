import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.widgets import FastSelect

from .models import Member, Province


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_q",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Kupang"), "type": "search"}),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        to_field_name="code",
        empty_label=_("All provinces"),
        widget=FastSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Member.Kind.choices, empty_label=_("Kota and kabupaten")
    )
    status = django_filters.ChoiceFilter(
        label=_("Membership"),
        choices=[("active", _("Active members")), ("inactive", _("Not active"))],
        empty_label=_("All"),
        method="filter_status",
    )

    class Meta:
        model = Member
        fields = ["q", "province", "kind", "status"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))

    def filter_status(self, queryset, name, value):
        return queryset.filter(is_active_member=(value == "active"))
