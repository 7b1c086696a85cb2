from allauth.account.views import ReauthenticateView
from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path

from authorities.views.accounts import SignInView

urlpatterns = [
    path("", include("core.urls")),
    path("authorities/", include("authorities.urls")),
    path("accounts/", include("authorities.account_urls")),
    # The same pages under the names django-allauth's flow reverses (outside the accounts namespace).
    path("accounts/sign-in/", SignInView.as_view(), name="account_login"),
    path("accounts/sign-out/", LogoutView.as_view(), name="account_logout"),
    # A second factor (authenticator app, passkeys, recovery codes) and asking for it again before sensitive actions.
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("accounts/reauthenticate/", ReauthenticateView.as_view(), name="account_reauthenticate"),
    path("", include("quads.urls")),
    path("", include("reviews.urls")),
    path("", include("surveys.urls")),
    path("", include("reports.urls")),
    path("", include("office.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "core.views.server_error"
