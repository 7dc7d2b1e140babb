from django.urls import path
from django.views.decorators.gzip import gzip_page

from core.cache import cache_for_anonymous

from . import views

app_name = "members"

urlpatterns = [
    path("members/", cache_for_anonymous(views.MemberListView.as_view()), name="list"),
    path(
        "members/map/",
        cache_for_anonymous(gzip_page(views.MemberMapView.as_view())),
        name="map",
    ),
    path(
        "members/<slug:slug>/",
        cache_for_anonymous(views.MemberDetailView.as_view()),
        name="detail",
    ),
    path("officers/", cache_for_anonymous(views.OfficerListView.as_view()), name="officers"),
]
