from django.urls import path
from django.views.decorators.gzip import gzip_page

from core.cache import cache_for_anonymous

from . import views
from .filters import LIST_PARAMS

app_name = "members"


urlpatterns = [
    path(
        "members/",
        cache_for_anonymous(views.MemberListView.as_view(), tags=("members",), params=LIST_PARAMS),
        name="list",
    ),
    path(
        "members/map/",
        # The map draws what the directory lists, with the same filters.
        cache_for_anonymous(
            gzip_page(views.MemberMapView.as_view()),
            tags=views.MAP_TAGS,
            params=LIST_PARAMS,
        ),
        name="map",
    ),
    path(
        "members/<slug:slug>/",
        cache_for_anonymous(
            views.MemberDetailView.as_view(), tags=("members", "officers", "events", "practices")
        ),
        name="detail",
    ),
    path(
        "officers/",
        cache_for_anonymous(views.OfficerListView.as_view(), tags=("officers", "members")),
        name="officers",
    ),
]
