from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from . import freshness, personal_data, todo

        freshness.watch()
        todo.register(todo.for_administrators)
        personal_data.declare()
