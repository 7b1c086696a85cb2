"""What reports adds to the pages of apps below it (core.sections)."""

from django.db.models import Q

from .selectors import case_studies, public_versions


def theme_reports(request, theme) -> dict:
    """Reports and case studies on the theme or a narrower one."""
    return {
        "reports": list(
            public_versions().filter(Q(report__visit__theme=theme) | Q(report__visit__theme__broader=theme))
        ),
        "case_studies": list(case_studies().filter(Q(visit__theme=theme) | Q(visit__theme__broader=theme))),
    }


def visit_case_study(request, visit) -> dict | None:
    """On a visit that has a case study in the final report: a link to it, and both dates where they disagree."""
    case_study = getattr(visit, "case_study", None)
    return {"case_study": case_study} if case_study else None
