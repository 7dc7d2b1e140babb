import copy
import functools

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters import utils
from django_filters.filterset import BaseFilterSet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

# Query parameters every list understands besides its filters. ``_`` is the usual
# cache-buster of HTTP clients (a timestamp): accepted and ignored, never cached.
COMMON_PARAMS = {"page", "page_size", "lang", "format", "_"}


@functools.cache
def quick(filterset_class):
    """``filterset_class`` made cheaper to build for each request, with the same filters,
    validation and querysets: its filters are copied shallowly instead of deep-copied, and
    its form class (whose fields each form copies, as any Django form does) is built once.
    Deep-copying the filters and building the form class were most of the cost of a list.
    A FilterSet with its own ``__init__``, ``get_form_class`` or a queryset that depends on
    the request is left as it is."""
    filters = filterset_class.base_filters.values()
    own = any(
        name in vars(klass)
        for klass in filterset_class.__mro__
        if not issubclass(BaseFilterSet, klass)
        for name in ("__init__", "get_form_class")
    )
    if own or any(callable(getattr(filter_, "queryset", None)) for filter_ in filters):
        return filterset_class

    class Quick(filterset_class):
        def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
            if queryset is None:
                queryset = self._meta.model._default_manager.all()
            self.is_bound = data is not None
            self.data = data or QueryDict()
            self.queryset = queryset
            self.request = request
            self.form_prefix = prefix
            self.filters = {}
            for name, base in self.base_filters.items():
                filter_ = copy.copy(base)
                filter_.extra = dict(base.extra)  # a filter may set its field's arguments
                filter_.method = base.method  # bound to the copy, not to the base
                filter_.model, filter_.parent = queryset.model, self
                self.filters[name] = filter_

        def get_form_class(self):
            return form_class()

    @functools.cache
    def form_class():
        model = filterset_class._meta.model
        return filterset_class(queryset=model._default_manager.none()).get_form_class()

    Quick.__name__ = Quick.__qualname__ = filterset_class.__name__
    Quick.__module__ = filterset_class.__module__
    return Quick


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
