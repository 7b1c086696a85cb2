from django.contrib.auth import views as auth_views
from django.urls import path

from .views import accounts, my_details

app_name = "accounts"

urlpatterns = [
    path("sign-in/", accounts.SignInView.as_view(), name="sign-in"),
    path("my-details/", my_details.my_details, name="my-details"),
    path("my-details/links/<int:pk>/remove/", my_details.remove_link, name="remove-link"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("password-reset/", accounts.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path("reset/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password-reset-complete",
    ),
]
