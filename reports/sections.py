"""What reports adds to the pages of apps below it (core.sections)."""

from django.db.models import Q
from django.urls import reverse

from reviews.services.importing import CI_PROGRAMME

from .models import AuthorityReport, NationalMeasure, ReportVersion
from .selectors import case_studies, public_evaluations, public_versions


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


def published_reports(visits) -> dict:
    """{visit pk: (text, url)} for visits with a published, not withdrawn, report (for reviews' lists)."""
    rows = (
        ReportVersion.objects.filter(
            report__visit__in=[v.pk for v in visits], withdrawn_at__isnull=True, superseded_at__isnull=True
        )
        .exclude(pdf="")
        .values_list("report__visit_id", "report_id")
    )
    found = {
        visit_id: ("Published report", reverse("reports:report-detail", kwargs={"pk": report_id}))
        for visit_id, report_id in rows
    }
    held = AuthorityReport.objects.filter(visit__in=[v.pk for v in visits]).values_list("visit_id", "url")
    for visit_id, url in held:
        found.setdefault(visit_id, ("The authority's report, as published", url))
    return found


def visit_authority_report(request, visit) -> dict | None:
    """On a 2021–24 visit: the authority's own published report, or that none is held yet."""
    if visit.programme.slug != CI_PROGRAMME["slug"] or visit.meeting_of:
        return None
    held = getattr(visit, "authority_report", None)
    return {"visit": visit, "held": held, "can_edit": request.user.has_perm("reports.record_authority_report", visit)}


def authority_figures(request, authority) -> dict:
    """On an authority's page: how many national measures the portal holds for it, linked."""
    count = NationalMeasure.objects.filter(figures__authority=authority).distinct().count()
    return {"authority": authority, "count": count}


def reference_national(request, _) -> dict:
    """A line on the index of reference records (authorities), which only ADES officers open."""
    return {}


def visit_links(request, visit) -> dict | None:
    """On a visit's page, for those who may see its report: the report, and its actions for those who track them."""
    if not request.user.has_perm("reviews.view_visit_report", visit):
        return None
    return {"can_track_actions": request.user.has_perm("reports.track_actions", visit)}


def authority_follow_up(authorities) -> dict:
    """{authority pk: (text, url)}: each authority's actions, follow-ups and impact (for a sibling's page section)."""
    return {
        authority.pk: ("Actions, follow-ups and impact", reverse("reports:dashboard-authority", args=[authority.slug]))
        for authority in authorities
    }


def home_sources(request, _) -> dict:
    """On the home page, after the programme's history: its timetable and case studies."""
    return {}


def programme_evaluation(request, programme) -> dict | None:
    """On a programme's page: its published evaluation report, and for ADES officers the draft generated from data."""
    if programme.is_quads_cycle:
        return None
    current = public_evaluations().filter(evaluation__programme=programme).first()
    can_edit = request.user.has_perm("reports.edit_evaluation")
    if current is None and not can_edit:
        return None
    return {"programme": programme, "current": current, "can_edit": can_edit}
