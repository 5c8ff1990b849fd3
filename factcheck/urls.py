"""Top-level URLs: the admin, sign-in, the reviewer/editor pages and the API."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims.auth import SignInView, ThrottledPasswordChangeView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        ThrottledPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]
