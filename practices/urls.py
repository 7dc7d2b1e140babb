from django.urls import path
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition

from core.cache import NUMBER, SLUG, TEXT, cache_feed, cache_for_anonymous

from . import replication_views, views
from .feeds import PracticeFeed, latest_change

app_name = "practices"

TAGS = ("practices", "members")
LIST_PARAMS = {
    "q": TEXT,
    "theme": SLUG,
    "sdg": NUMBER,
    "province": r"[0-9]{2}",
    "member": SLUG,
    "year": NUMBER,
    "sort": SLUG,
    "page": NUMBER,
}

urlpatterns = [
    path(
        "",
        cache_for_anonymous(views.PracticeListView.as_view(), tags=TAGS, params=LIST_PARAMS),
        name="list",
    ),
    path("new/", views.PracticeCreateView.as_view(), name="new"),
    path(
        "feed/",
        cache_feed(
            gzip_page(condition(last_modified_func=latest_change)(PracticeFeed())), tags=TAGS
        ),
        name="feed",
    ),
    path(
        "<slug:slug>/",
        cache_for_anonymous(views.PracticeDetailView.as_view(), tags=(*TAGS, "events")),
        name="detail",
    ),
    path("<slug:slug>/edit/", views.PracticeUpdateView.as_view(), name="edit"),
    path("<slug:slug>/submit/", views.PracticeSubmitView.as_view(), name="submit"),
    path("<slug:slug>/withdraw/", views.PracticeWithdrawView.as_view(), name="withdraw"),
    path("<slug:slug>/delete/", views.PracticeDeleteView.as_view(), name="delete"),
    path("<slug:slug>/confirm/", views.PracticeConfirmView.as_view(), name="confirm"),
    path("<slug:slug>/update/", views.PracticeRevisionView.as_view(), name="revise"),
    path(
        "<slug:slug>/update/withdraw/",
        views.RevisionWithdrawView.as_view(),
        name="revision-withdraw",
    ),
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
        "<slug:slug>/update/images/<str:ref>/remove/",
        views.RevisionFileRemoveView.as_view(),
        {"kind": "image"},
        name="revision-remove-image",
    ),
    path(
        "<slug:slug>/update/documents/<str:ref>/remove/",
        views.RevisionFileRemoveView.as_view(),
        {"kind": "document"},
        name="revision-remove-document",
    ),
    path(
        "<slug:slug>/images/<int:pk>/remove/",
        views.FileRemoveView.as_view(),
        {"kind": "image"},
        name="remove-image",
    ),
    path(
        "<slug:slug>/documents/<int:pk>/remove/",
        views.FileRemoveView.as_view(),
        {"kind": "document"},
        name="remove-document",
    ),
    path(
        "<slug:slug>/attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
]
