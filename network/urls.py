from django.urls import path
from django.views.decorators.gzip import gzip_page

from core.cache import cache_for_anonymous

from . import views

app_name = "network"

urlpatterns = [
    path("", cache_for_anonymous(gzip_page(views.DashboardView.as_view())), name="dashboard"),
    path("<slug:chart>.csv", cache_for_anonymous(views.chart_csv), name="csv"),
]
