from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def load_reference(self, **options):
        from .services import load_case_studies

        yield f"Case studies from the final report: {load_case_studies()} loaded."
