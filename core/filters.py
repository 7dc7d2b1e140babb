"""FilterSets that cost less to build on every request (the public lists and the API)."""

import copy
import functools

from django.http import QueryDict
from django_filters.filterset import BaseFilterSet


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


class QuickFilterMixin:
    """For a FilterView: its FilterSet built the cheap way (see ``quick``)."""

    def get_filterset_class(self):
        return quick(super().get_filterset_class())
