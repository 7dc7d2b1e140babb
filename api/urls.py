from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from core.cache import cache_for_anonymous

from . import views

app_name = "api"

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("schema/", cache_for_anonymous(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
]

for prefix, viewset, lookup, pattern in views.ENDPOINTS:
    urlpatterns += [
        path(
            f"{prefix}/",
            cache_for_anonymous(viewset.as_view({"get": "list"})),
            name=f"{prefix}-list",
        ),
        re_path(
            rf"^{prefix}/(?P<{viewset.lookup_field if lookup != 'pk' else 'pk'}>{pattern})/$",
            cache_for_anonymous(viewset.as_view({"get": "retrieve"})),
            name=f"{prefix}-detail",
        ),
    ]
