from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        # deferred (app loading): hooks.py imports the app's models, which exist only once the registry is ready
        from . import hooks  # noqa: F401 (registers this app's emails, sections, home-page lines and loader)
