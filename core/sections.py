"""Parts of a lower app's page that a higher app supplies, so that the lower app never names the higher one.

A higher app registers a section for a page in its AppConfig.ready: the template to include and a function
(request, the page's object) -> context, or None when it has nothing to show there. The page's view asks for
its sections and includes each in the order the apps are installed, which is the layer order.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[HttpRequest, object], dict | None]


_registry: dict[str, list[Section]] = defaultdict(list)


def register(page: str, template: str, context: Callable[[HttpRequest, object], dict | None]) -> None:
    section = Section(template, context)
    if section not in _registry[page]:
        _registry[page].append(section)


def sections_for(page: str, request: HttpRequest, obj) -> list[tuple[str, dict]]:
    """(template, context) for each section with something to show."""
    shown = []
    for section in _registry[page]:
        context = section.context(request, obj)
        if context is not None:
            shown.append((section.template, context))
    return shown
