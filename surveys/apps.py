from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"

    def ready(self):
        from . import hooks  # noqa: F401 (registers this app's emails, sections, home-page lines and loader)
