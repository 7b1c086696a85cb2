from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from . import hooks  # noqa: F401 (registers this app's emails, sections, links, home-page lines and loader)
