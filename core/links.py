"""Links a higher app supplies for a lower app's lists, so the lower app never names the higher one: a named
resolver takes objects and returns {object pk: (text, url)} for those it has something for."""

from collections.abc import Callable, Iterable
from enum import StrEnum


class LinkKind(StrEnum):
    """The kinds of link a lower app's list asks for; a higher app registers the resolver."""

    PUBLISHED_REPORT = "published_report"  # a visit's published report (a programme's visits, an authority's visits)
    SURVEY_TEAMS = "survey_teams"  # to survey the team of a visit, or every team of a phase or a programme
    AUTHORITY_FOLLOW_UP = "authority_follow_up"  # an authority's actions, follow-ups and impact


_resolvers: dict[LinkKind, Callable[[list], dict]] = {}


def _kind(name) -> LinkKind:
    if not isinstance(name, LinkKind):
        raise TypeError(f"Links are keyed by core.links.LinkKind, not {name!r}.")
    return name


def register(name: LinkKind, resolver: Callable[[list], dict]) -> None:
    _resolvers[_kind(name)] = resolver


def registered() -> set[LinkKind]:
    return set(_resolvers)


def resolve(name: LinkKind, objects: Iterable) -> dict:
    objects = list(objects)
    resolver = _resolvers.get(_kind(name))
    return resolver(objects) if resolver and objects else {}


def attach(name: LinkKind, objects: Iterable, attribute: str) -> list:
    """Set `attribute` on each object to its (text, url), or None."""
    objects = list(objects)
    found = resolve(name, objects)
    for obj in objects:
        setattr(obj, attribute, found.get(obj.pk))
    return objects
