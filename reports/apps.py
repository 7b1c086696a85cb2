from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from core import todo

        from . import todo as mine

        todo.register(mine.for_approvers)
        todo.register(mine.for_authority_officers)
        todo.register(mine.for_external_members)
        from core import links
        from core.sections import register

        from .personal_data import declare
        from .sections import (
            authority_figures,
            published_reports,
            reference_national,
            theme_reports,
            visit_authority_report,
            visit_case_study,
        )
        from .services import follow_ups, sign_off  # noqa: F401  (register their emails' wording)

        links.register("published_report", published_reports)
        from core.mail import register_label

        from .services.actions import ACTION_REMINDER

        register_label(ACTION_REMINDER, "Reminder that an action is due")

        declare()
        from . import audit_trail

        audit_trail.declare()
        register("theme", "reports/_theme_reports.html", theme_reports)
        register("visit", "reports/_visit_case_study.html", visit_case_study)
        register("visit", "reports/_visit_authority_report.html", visit_authority_report)
        register("authority", "reports/_authority_figures.html", authority_figures)
        register("reference", "reports/_reference_national.html", reference_national)
        _register_secret_links()

    def load_reference(self, **options):
        from .services.case_studies import load_case_studies

        yield f"Case studies from the final report: {load_case_studies()} loaded."
        from .services.national import load_first_example

        yield f"National figures from the final report (West Lothian's positive destinations): {load_first_example()}."


def _register_secret_links() -> None:
    """Links that are their own key, written `[link]` in every log (core.scrub)."""
    from core.scrub import SEGMENT, register_secret_link

    register_secret_link(rf"/follow-ups/calendar/({SEGMENT})")  # a follow-up's calendar entry
    register_secret_link(rf"/sign-off/({SEGMENT})")  # a report's sign-off link
