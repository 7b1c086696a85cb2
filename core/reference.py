"""First-start data: each app loads its own, asked in the order of INSTALLED_APPS, which is the layer order.

An app takes part by giving its AppConfig a `load_reference(**options)` generator that loads what it owns
(safe to run again) and yields a line to report for each part. So core names no app, and no app names one
above it: a higher app's data may build on a lower one's, never the other way.
"""

from collections.abc import Iterator

from django.apps import apps


class LoadRefused(Exception):
    """A loader found a problem in its data and wrote nothing of it."""


def load_all(**options) -> Iterator[str]:
    for config in apps.get_app_configs():
        loader = getattr(config, "load_reference", None)
        if loader is not None:
            yield from loader(**options)
