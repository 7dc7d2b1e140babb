from django.urls import path

from . import views

app_name = "users"

urlpatterns = [
    path("", views.AccountView.as_view(), name="account"),
    path("profile/", views.ProfileUpdateView.as_view(), name="profile"),
    path("affiliation/", views.AffiliationRequestView.as_view(), name="affiliation-request"),
]
