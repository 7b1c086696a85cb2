from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Authorities, organisations and people"

    def ready(self):
        # deferred (app loading): hooks.py imports the app's models, which exist only once the registry is ready
        from allauth.mfa.signals import authenticator_added

        from . import hooks  # noqa: F401 (registers this app's sections, emails, personal data and loader)
        from .second_factor import record_first_factor_set_up

        authenticator_added.connect(record_first_factor_set_up, dispatch_uid="authorities.first_factor_set_up")
