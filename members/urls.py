from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("members/", views.MemberListView.as_view(), name="list"),
    path("members/<slug:slug>/", views.MemberDetailView.as_view(), name="detail"),
    path("officers/", views.OfficerListView.as_view(), name="officers"),
]
