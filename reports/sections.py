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
