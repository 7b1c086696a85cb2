from django.apps import AppConfig


class QuadsConfig(AppConfig):
    name = "quads"
    verbose_name = "Quads"

    def ready(self):
        from core import todo

        from . import todo as mine

        todo.register(mine.for_authority_officers)
        from core.sections import register

        from .personal_data import declare
        from .sections import authority_quads, programme_quads, reference_frameworks, visit_quad

        declare()
        from .audit_trail import declare as declare_audit

        declare_audit()
        register("visit", "quads/_visit_quad.html", visit_quad)
        register("programme", "quads/_programme_quads.html", programme_quads)
        register("authority", "quads/_authority_quads.html", authority_quads)
        register("reference", "quads/_reference_frameworks.html", reference_frameworks)

    def load_reference(self, **options):
        from .services.self_evaluation import load_starting_framework

        framework = load_starting_framework()
        yield f"{framework.name}: {framework.questions.count()} quality indicators."
