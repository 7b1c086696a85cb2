from django.apps import AppConfig


class QuadsConfig(AppConfig):
    name = "quads"
    verbose_name = "Quads"

    def ready(self):
        from . import hooks  # noqa: F401 (registers this app's sections, home-page lines, audit and loader)
