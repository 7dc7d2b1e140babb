from django.utils.translation import gettext_lazy as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from core.filters import quick

# Query parameters every list understands besides its filters. ``_`` is the usual
# cache-buster of HTTP clients (a timestamp): accepted and ignored, never cached.
COMMON_PARAMS = {"page", "page_size", "lang", "format", "_"}


class StrictFilterBackend(DjangoFilterBackend):
    """The HTML lists' FilterSets, strictly: an unknown parameter or an invalid value is
    a 400 that names the field. A FilterSet with ``sort_queryset`` orders the result as
    its HTML list does."""

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        return filterset_class and quick(filterset_class)

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = COMMON_PARAMS | set(filterset_class.base_filters if filterset_class else ())
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError({name: [_("Unknown parameter.")] for name in unknown})
        if filterset_class is None:
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        result = filterset.qs
        if hasattr(filterset, "sort_queryset"):
            result = filterset.sort_queryset(result)
        return result
