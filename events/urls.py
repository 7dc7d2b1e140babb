from django.urls import path
from django.views.decorators.gzip import gzip_page

from core.cache import cache_for_anonymous

from . import views

app_name = "events"

urlpatterns = [
    path("", cache_for_anonymous(views.EventListView.as_view()), name="list"),
    path(
        "calendar.ics",
        cache_for_anonymous(gzip_page(views.CalendarView.as_view())),
        name="calendar",
    ),
    path("<slug:slug>/", cache_for_anonymous(views.EventDetailView.as_view()), name="detail"),
    path("<slug:slug>/register/", views.EventRegisterView.as_view(), name="register"),
    path("<slug:slug>/cancel/", views.RegistrationCancelView.as_view(), name="cancel"),
    path(
        "<slug:slug>/event.ics",
        cache_for_anonymous(gzip_page(views.EventCalendarView.as_view())),
        name="ics",
    ),
    path(
        "<slug:slug>/attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
]
