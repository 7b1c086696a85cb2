from allauth.account.views import ReauthenticateView
from allauth.socialaccount import views as socialaccount_views
from allauth.socialaccount.providers.openid_connect import views as openid_connect_views
from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path

from authorities.views.accounts import SignInView, organisation_sign_in

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
    # Organisation sign-in (OpenID Connect): allauth's openid_connect URLs, a provider by its IdentityProvider slug,
    # and its pages for a sign-in that failed or was cancelled. Only these: no sign-up or connections pages.
    path("accounts/oidc/<slug:provider_id>/login/", organisation_sign_in, name="openid_connect_login"),
    path(
        "accounts/oidc/<slug:provider_id>/login/callback/",
        openid_connect_views.callback,
        name="openid_connect_callback",
    ),
    path(
        "accounts/social/login/cancelled/",
        socialaccount_views.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    path("accounts/social/login/error/", socialaccount_views.login_error, name="socialaccount_login_error"),
    path("", include("quads.urls")),
    path("", include("reviews.urls")),
    path("", include("surveys.urls")),
    path("", include("reports.urls")),
    path("", include("office.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "core.views.server_error"
