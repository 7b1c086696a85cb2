from django.apps import AppConfig


class OfficeConfig(AppConfig):
    """The programme office: what ADES officers do to run the portal (people and their data, the outbox, messages
    sent, the wording of emails, downloads, the audit log), on core's mechanisms."""

    default = True
    name = "office"

    def ready(self):
        # deferred (app loading): hooks.py imports the app's models, which exist only once the registry is ready
        from . import hooks  # noqa: F401 (registers the office into core's registries)
