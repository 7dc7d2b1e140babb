from django.urls import include, path
from django.views.decorators.gzip import gzip_page

from core.cache import NUMBER, SLUG, cache_feed, cache_for_anonymous

from . import certificate_views, views

app_name = "events"

LIST_TAGS = ("events", "members")


def detail_tags(request, slug):
    # The seats left change with every registration: only this page shows them.
    return ("events", "members", "news", "practices", f"event:{slug}")


# The pages of one event, below its address ``<slug>/``.
event_patterns = [
    path(
        "",
        cache_for_anonymous(views.EventDetailView.as_view(), tags=detail_tags),
        name="detail",
    ),
    path("register/", views.EventRegisterView.as_view(), name="register"),
    path("cancel/", views.RegistrationCancelView.as_view(), name="cancel"),
    path("certificate/", certificate_views.MyCertificateView.as_view(), name="certificate"),
    path("check-in/", views.CheckInListView.as_view(), name="check-in"),
    path("check-in/<str:token>/", views.CheckInPersonView.as_view(), name="check-in-person"),
    path(
        "event.ics",
        cache_feed(gzip_page(views.EventCalendarView.as_view()), tags=LIST_TAGS),
        name="ics",
    ),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
]

urlpatterns = [
    path(
        "",
        cache_for_anonymous(
            views.EventListView.as_view(),
            tags=LIST_TAGS,
            params={"year": NUMBER, "host": SLUG, "kind": SLUG, "page": NUMBER},
        ),
        name="list",
    ),
    path(
        "calendar.ics",
        cache_feed(gzip_page(views.CalendarView.as_view()), tags=LIST_TAGS),
        name="calendar",
    ),
    path("documents/", cache_for_anonymous(views.DocumentListView.as_view()), name="documents"),
    path("<slug:slug>/", include(event_patterns)),
]
