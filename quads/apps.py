from django.apps import AppConfig


class QuadsConfig(AppConfig):
    name = "quads"
    verbose_name = "Quads"
