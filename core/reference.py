"""First-start data: each app loads its own, in the order the apps registered their loaders, which is the order of
INSTALLED_APPS (each app's hooks.py runs from its AppConfig.ready), the layer order.

An app takes part by registering, from its hooks.py, a `loader(**options)` generator that loads what it owns (safe
to run again) and yields a line to report for each part, with the command-line options it reads, if any. So core
names no app, and no app names one above it: a higher app's data may build on a lower one's, never the other way.
"""

from argparse import ArgumentParser
from collections.abc import Callable, Iterator

Loader = Callable[..., Iterator[str]]


class LoadRefused(Exception):
    """A loader found a problem in its data and wrote nothing of it."""


_loaders: list[Loader] = []
_arguments: list[Callable[[ArgumentParser], None]] = []


def register(loader: Loader, *, arguments: Callable[[ArgumentParser], None] | None = None) -> None:
    """`arguments(parser)` adds the options the loader reads to `manage.py load_reference`."""
    if loader not in _loaders:
        _loaders.append(loader)
        if arguments is not None:
            _arguments.append(arguments)


def add_arguments(parser: ArgumentParser) -> None:
    for arguments in _arguments:
        arguments(parser)


def load_all(**options) -> Iterator[str]:
    for loader in _loaders:
        yield from loader(**options)
