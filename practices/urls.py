from django.urls import include, path
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


def file_removals(prefix: str, item: str, view, name_prefix: str = "") -> list:
    """The confirmation pages that remove an image or a document (``kind``):
    ``<prefix>images/<item>/remove/`` and ``<prefix>documents/<item>/remove/``, named
    ``<name_prefix>remove-image`` and ``<name_prefix>remove-document``."""
    return [
        path(
            f"{prefix}{folder}/{item}/remove/",
            view.as_view(),
            {"kind": kind},
            name=f"{name_prefix}remove-{kind}",
        )
        for kind, folder in (("image", "images"), ("document", "documents"))
    ]


# The pages of one practice, below its address ``<slug>/``.
practice_patterns = [
    path(
        "",
        cache_for_anonymous(views.PracticeDetailView.as_view(), tags=(*TAGS, "events")),
        name="detail",
    ),
    path("edit/", views.PracticeUpdateView.as_view(), name="edit"),
    path("submit/", views.PracticeSubmitView.as_view(), name="submit"),
    path("withdraw/", views.PracticeWithdrawView.as_view(), name="withdraw"),
    path("delete/", views.PracticeDeleteView.as_view(), name="delete"),
    path("confirm/", views.PracticeConfirmView.as_view(), name="confirm"),
    path("update/", views.PracticeRevisionView.as_view(), name="revise"),
    path("update/withdraw/", views.RevisionWithdrawView.as_view(), name="revision-withdraw"),
    path("replicate/", replication_views.ReplicationDeclareView.as_view(), name="replicate"),
    path(
        "replications/<int:pk>/evidence/",
        replication_views.ReplicationEvidenceView.as_view(),
        name="replication-evidence",
    ),
    *file_removals("update/", "<str:ref>", views.RevisionFileRemoveView, "revision-"),
    *file_removals("", "<int:pk>", views.FileRemoveView),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
]

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
    path("<slug:slug>/", include(practice_patterns)),
]
