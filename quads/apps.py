from django.apps import AppConfig


class QuadsConfig(AppConfig):
    name = "quads"
    verbose_name = "Quads"

    def ready(self):
        # deferred (app loading): hooks.py imports the app's models, which exist only once the registry is ready
        from . import hooks  # noqa: F401 (registers this app's sections, home-page lines, audit and loader)
