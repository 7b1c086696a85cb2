from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from core.sections import register

        from .sections import theme_reports

        register("theme", "reports/_theme_reports.html", theme_reports)

    def load_reference(self, **options):
        from .services import load_case_studies

        yield f"Case studies from the final report: {load_case_studies()} loaded."
