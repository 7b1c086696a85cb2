from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Authorities, organisations and people"

    def ready(self):
        from . import hooks  # noqa: F401 (registers this app's sections, emails, personal data and loader)
