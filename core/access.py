"""The one way views ask rules.py: a person who may not see something gets 404, so nobody learns it exists."""

from django.http import Http404


def require(request, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise Http404
