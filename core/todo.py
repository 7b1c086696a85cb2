"""What needs the signed-in person, for the home page: each app adds its lines (a sentence and a link), in the
apps' layer order, except that lines about the portal itself failing (emails refused, the task worker stopped) are
registered `first` and come before all others; core never names the apps above it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

MOST_PER_KIND = 10  # a kind with more lines ends with "and N more"


@dataclass(frozen=True)
class Line:
    text: str
    url: str


_sources: list[Callable[[HttpRequest], list[Line]]] = []


_first: list[Callable[[HttpRequest], list[Line]]] = []


def register(source: Callable[[HttpRequest], list[Line]], *, first: bool = False) -> None:
    """Add an app's lines after those registered before it, or before every other app's when `first`."""
    if source not in _first + _sources:
        (_first if first else _sources).append(source)


def capped(lines: list[Line], *, more: str, url: str) -> list[Line]:
    """At most MOST_PER_KIND lines, then one that says how many more and links to where they all are."""
    if len(lines) <= MOST_PER_KIND:
        return lines
    return [*lines[:MOST_PER_KIND], Line(f"and {len(lines) - MOST_PER_KIND} more {more}", url)]


def lines_for(request: HttpRequest) -> list[Line]:
    if not request.user.is_authenticated:
        return []
    return [line for source in [*_first, *_sources] for line in source(request)]
