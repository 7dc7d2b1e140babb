from django.urls import path
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition

from core.cache import cache_for_anonymous

from . import views
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
        "<slug:slug>/attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
]
