from django.urls import path

from core.cache import cache_for_anonymous

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.DataIndexView.as_view(), name="index"),
    path("dictionary/", cache_for_anonymous(views.DictionaryView.as_view()), name="dictionary"),
    path("catalog.jsonld", views.catalogue, name="catalogue"),
    path("<slug:name>.<slug:format>", views.download, name="download"),
]
