from django.apps import AppConfig


class QuadsConfig(AppConfig):
    name = "quads"
    verbose_name = "Quads"

    def load_reference(self, **options):
        from .self_evaluation import load_starting_framework

        framework = load_starting_framework()
        yield f"{framework.name}: {framework.questions.count()} quality indicators."
