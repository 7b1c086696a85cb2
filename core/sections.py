"""Parts of a lower app's page that a higher app supplies, so that the lower app never names the higher one.

A higher app registers a section for a page in its hooks.py: the page (a `Page`, the only keys there are), the
template to include and a function (request, the page's object) -> context, or None when it has nothing to show
there. The page's view asks for its sections and includes each in the order the apps are installed, which is the
layer order.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.http import HttpRequest


class Page(StrEnum):
    """The pages that show sections other apps supply; each is rendered by one view through `sections_for`."""

    HOME_SOURCES = "home-sources"  # core: the home page, after the programme's history
    HOME_PLACES = "home-places"  # core: the home page's places to go
    REFERENCE = "reference"  # authorities: the reference data index
    AUTHORITY = "authority"  # authorities: an authority's page
    PERSON = "person"  # office: an ADES officer's page of a person
    PROGRAMME = "programme"  # reviews: a programme's page
    VISIT = "visit"  # reviews: a visit's page
    VISIT_LINKS = "visit-links"  # reviews: a visit's page, under its day plan
    VISIT_PACK = "visit-pack"  # reviews: a visit's pack for its team
    MY_VISITS = "my-visits"  # reviews: the signed-in person's visits
    THEME = "theme"  # reviews: a theme's page in the network


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[HttpRequest, object], dict | None]


_registry: dict[Page, list[Section]] = defaultdict(list)


def _page(page) -> Page:
    if not isinstance(page, Page):
        raise TypeError(f"A page's sections are keyed by core.sections.Page, not {page!r}.")
    return page


def register(page: Page, template: str, context: Callable[[HttpRequest, object], dict | None]) -> None:
    page = _page(page)
    section = Section(template, context)
    if section not in _registry[page]:
        _registry[page].append(section)


def registered() -> dict[Page, list[Section]]:
    """Every page's sections, as the apps registered them."""
    return {page: list(sections) for page, sections in _registry.items()}


def sections_for(page: Page, request: HttpRequest, obj) -> list[tuple[str, dict]]:
    """(template, context) for each section with something to show."""
    shown = []
    for section in _registry[_page(page)]:
        context = section.context(request, obj)
        if context is not None:
            shown.append((section.template, context))
    return shown
