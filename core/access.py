"""The one way views ask rules.py: a person who may not see something gets 404, so nobody learns it exists; the rules
a superuser does not pass by being one; and whose address a request comes from, for throttling."""

import rules
from django.conf import settings
from django.http import Http404


def require(request, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise Http404


def by_rule(user, permission: str, obj=None) -> bool:
    """The rule itself, which a superuser does not pass just by being one (Django's has_perm lets them): for rights
    that follow from who someone is, such as reading survey figures or handing out a survey's open link."""
    return rules.has_perm(permission, user, obj)


def client_address(request) -> str:
    """Who sent the request: behind the front server (DJANGO_BEHIND_HTTPS_PROXY), the last address in
    X-Forwarded-For, the one the front server added (any before it the client could have written); otherwise the
    connection's. Without this, everyone behind the front server would share its address, and one limit."""
    if settings.BEHIND_HTTPS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def sign_in_username(request, credentials) -> str | None:
    """Whose sign-in it is, for django-axes' limits: allauth's backends get `email=`, its form posts `login`, and
    Django's own pages (data maintenance) `username`."""
    for key in ("email", "username"):
        if credentials and credentials.get(key):
            return credentials[key]
    return request.POST.get("login") or request.POST.get("username")
