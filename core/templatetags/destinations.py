"""`{% destination KEY ... %}`: the URL of a higher app's page that core.destinations knows by KEY, for a lower
app's templates."""

from django import template

from core import destinations

register = template.Library()


@register.simple_tag
def destination(_destination: str, *args, **kwargs) -> str:
    return destinations.url(destinations.of(_destination), *args, **kwargs)
