from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Authorities, organisations and people"

    def ready(self):
        # deferred (app loading): hooks.py imports the app's models, which exist only once the registry is ready
        from . import hooks  # noqa: F401 (registers this app's sections, emails, personal data and loader)
