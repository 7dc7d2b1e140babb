from django.urls import path
from django.views.decorators.gzip import gzip_page

from core.cache import NUMBER, cache_feed, cache_for_anonymous

from . import views
from .feeds import article_feed

app_name = "news"

urlpatterns = [
    path(
        "",
        cache_for_anonymous(
            views.ArticleListView.as_view(), tags=("news",), params={"page": NUMBER}
        ),
        name="list",
    ),
    path("feed/", cache_feed(gzip_page(article_feed), tags=("news",)), name="feed"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path(
        "<slug:slug>/",
        cache_for_anonymous(views.ArticleDetailView.as_view(), tags=("news", "events", "members")),
        name="detail",
    ),
]
