import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.cache import NUMBER, SLUG, TEXT
from core.widgets import FastSelect

from .models import Member, Province

# The query parameters the directory and the map understand (the page cache keys on them).
LIST_PARAMS = {
    "q": TEXT,
    "province": r"[0-9]{2}",
    "kind": SLUG,
    "status": SLUG,
    "sort": SLUG,
    "page": NUMBER,
}


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
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("name", _("Name")), ("province", _("Province")), ("code", _("Kemendagri code"))],
        empty_label=None,
        method="filter_sort",
        null_value="",
    )

    class Meta:
        model = Member
        fields = ["q", "province", "kind", "status", "sort"]

    # By name without the kind prefix (Kota and Kabupaten Kupang together under K), by
    # province, or by Kemendagri code.
    ORDERINGS = {
        "name": ("sort_name", "name", "pk"),
        "province": ("province__name", "sort_name", "name", "pk"),
        "code": ("code",),
    }

    @property
    def qs(self):
        """The filtered members in the order asked for (by name when none or an unknown
        one is asked for)."""
        if not hasattr(self, "_sorted_qs"):
            data = getattr(self.form, "cleaned_data", {}) or {}
            ordering = self.ORDERINGS.get(data.get("sort") or "name", self.ORDERINGS["name"])
            self._sorted_qs = super().qs.order_by(*ordering)
        return self._sorted_qs

    def filter_sort(self, queryset, name, value):
        return queryset  # applied in qs, after every filter

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))

    def filter_status(self, queryset, name, value):
        return queryset.filter(is_active_member=(value == "active"))
