from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from . import freshness, personal_data

        freshness.watch()
        personal_data.declare()
