from django.urls import path
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition

from core.cache import cache_for_anonymous

from . import replication_views, views
from .feeds import PracticeFeed, latest_change

app_name = "practices"

urlpatterns = [
    path("", cache_for_anonymous(views.PracticeListView.as_view()), name="list"),
    path("new/", views.PracticeCreateView.as_view(), name="new"),
    path(
        "feed/",
        cache_for_anonymous(gzip_page(condition(last_modified_func=latest_change)(PracticeFeed()))),
        name="feed",
    ),
    path("<slug:slug>/", cache_for_anonymous(views.PracticeDetailView.as_view()), name="detail"),
    path("<slug:slug>/edit/", views.PracticeUpdateView.as_view(), name="edit"),
    path("<slug:slug>/submit/", views.PracticeSubmitView.as_view(), name="submit"),
    path(
        "<slug:slug>/replicate/",
        replication_views.ReplicationDeclareView.as_view(),
        name="replicate",
    ),
    path(
        "<slug:slug>/replications/<int:pk>/evidence/",
        replication_views.ReplicationEvidenceView.as_view(),
        name="replication-evidence",
    ),
    path(
        "<slug:slug>/attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
]
