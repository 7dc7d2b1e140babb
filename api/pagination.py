import functools

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core.cache import ANY, CachedCountPaginator

from .filters import COMMON_PARAMS

MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    """Numbered pages with next/previous links. ``page_size`` outside 1-100 is a 400, not
    silently clamped; a page past the last is a 404."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = _("Invalid page.")

    def paginate_queryset(self, queryset, request, view=None):
        # The total of a list comes from the shared cache under the tags of what it shows
        # (counting every published practice costs more than serialising twenty), keyed
        # by the path and the filters asked for (the list's parameters are checked before).
        # A view whose query depends on the time says with ``count_until()`` until when
        # its total holds (see core.cache.cached_count). A view with ``cache_rows`` keeps
        # its pages' rows there too.
        tags = getattr(view, "cache_tags", ()) or (ANY,)
        filters = sorted(
            (name, values)
            for name, values in request.query_params.lists()
            if name not in COMMON_PARAMS
        )
        self.django_paginator_class = functools.partial(
            CachedCountPaginator,
            tags=tags,
            key=f"api:{request.path}?{filters!r}",
            until=getattr(view, "count_until", None),
            rows=getattr(view, "cache_rows", False),
        )
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if not 1 <= value <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return value

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return super().get_paginated_response_schema(schema)
