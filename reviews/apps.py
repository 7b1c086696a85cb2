from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from . import hooks  # noqa: F401 (registers this app's emails, sections, home-page lines and loader)
