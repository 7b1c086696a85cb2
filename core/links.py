"""Links a higher app supplies for a lower app's lists, so the lower app never names the higher one: a named
resolver takes objects and returns {object pk: (text, url)} for those it has something for."""

from collections.abc import Callable, Iterable

_resolvers: dict[str, Callable[[list], dict]] = {}


def register(name: str, resolver: Callable[[list], dict]) -> None:
    _resolvers[name] = resolver


def resolve(name: str, objects: Iterable) -> dict:
    objects = list(objects)
    resolver = _resolvers.get(name)
    return resolver(objects) if resolver and objects else {}


def attach(name: str, objects: Iterable, attribute: str) -> list:
    """Set `attribute` on each object to its (text, url), or None."""
    objects = list(objects)
    found = resolve(name, objects)
    for obj in objects:
        setattr(obj, attribute, found.get(obj.pk))
    return objects
