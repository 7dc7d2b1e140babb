"""Follow buttons, digest settings and unsubscribe links, and the per-thing feeds at the
addresses of the URL contract (/practices/feed/theme/<slug>/, /members/<slug>/feed/)."""

from django.urls import path
from django.views.decorators.gzip import gzip_page

from core.cache import cache_for_anonymous

from . import feeds, views

app_name = "follows"


def feed(view):
    return cache_for_anonymous(gzip_page(view))


urlpatterns = [
    path("follows/follow/", views.FollowView.as_view(), name="follow"),
    path("follows/unfollow/", views.FollowView.as_view(remove=True), name="unfollow"),
    path("follows/digest/", views.DigestSettingView.as_view(), name="digest"),
    path("follows/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("practices/feed/theme/<slug:slug>/", feed(feeds.ThemeFeed()), name="feed-theme"),
    path("practices/feed/sdg/<int:number>/", feed(feeds.SDGFeed()), name="feed-sdg"),
    path("practices/feed/province/<str:code>/", feed(feeds.ProvinceFeed()), name="feed-province"),
    path("members/<slug:slug>/feed/", feed(feeds.MemberFeed()), name="feed-member"),
]
