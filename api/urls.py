from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from core.cache import TEXT, cache_for_anonymous, cache_for_everyone

from . import views
from .filters import COMMON_PARAMS

app_name = "api"


def understood(viewset) -> dict[str, str]:
    """The query parameters a list answers to (its filters and the common ones), for the
    page cache's key; ``_`` (a client's cache-buster) is left out, so it is never cached."""
    filterset = getattr(viewset, "filterset_class", None)
    names = (COMMON_PARAMS - {"_"}) | set(filterset.base_filters if filterset else ())
    return dict.fromkeys(names, TEXT)


urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("schema/", cache_for_anonymous(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
]

# The answers hold no personal data and are the same for everyone: cached for signed-in
# people too, by what they show.
for prefix, viewset, lookup, pattern in views.ENDPOINTS:
    urlpatterns += [
        path(
            f"{prefix}/",
            cache_for_everyone(
                viewset.as_view({"get": "list"}),
                tags=viewset.cache_tags,
                params=understood(viewset),
            ),
            name=f"{prefix}-list",
        ),
        re_path(
            rf"^{prefix}/(?P<{viewset.lookup_field if lookup != 'pk' else 'pk'}>{pattern})/$",
            cache_for_everyone(
                viewset.as_view({"get": "retrieve"}), tags=viewset.cache_tags, params={}
            ),
            name=f"{prefix}-detail",
        ),
    ]
