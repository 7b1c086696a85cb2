"""The public archive: current published versions only, and never a withdrawn file."""

import json

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core import freshness
from core.documents import pdf_response
from core.exports import table_response
from reviews.choices import PUBLIC_STATUSES

from .. import published, selectors
from ..forms import ArchiveForm
from ..models import ReportVersion

PAGE_SIZE = 20


def archive(request):
    body = freshness.fragment(
        "reports/_archive_body.html", lambda: _archive_context(request.GET), key=(), query=request.GET
    )
    return render(request, "reports/archive.html", {"body": body})


def _archive_context(query) -> dict:
    years, phases = _years_and_phases()
    form = ArchiveForm(query or None, years=years, phases=phases)
    filters = selectors.ArchiveFilters()
    if form.is_bound:
        form.is_valid()  # invalid filters are reported beside their field and left out
        data = form.cleaned_data
        filters = selectors.ArchiveFilters(
            q=data.get("q") or "",
            authority=data.get("authority"),
            people_family=data.get("people_family"),
            collaborative=data.get("ric"),
            theme=data.get("theme"),
            programme=data.get("programme"),
            phase=data.get("phase"),
            year=data.get("year"),
        )
    return {
        "form": form,
        "page": Paginator(selectors.archive(filters), PAGE_SIZE).get_page(query.get("page")),
        "filters": filters,
        "case_studies": list(selectors.archive_case_studies(filters)),
        "authority_reports": list(selectors.archive_authority_reports(filters)),
        "evaluations": list(selectors.archive_evaluations(filters)),
        "programme_documents": list(selectors.archive_programme_documents(filters)),
        **_not_held(),
    }


def _years_and_phases() -> tuple[list[int], list[int]]:
    """The years something was published (newest first) and the phases of the reports and case studies: the
    filter's choices, each read in one query."""
    published = selectors.public_versions().filter(published_at__isnull=False).order_by()
    years = published.annotate(year=ExtractYear("published_at")).values_list("year", flat=True)
    years = years.union(
        selectors.case_studies().order_by().values_list("source_year", flat=True),
        selectors.authority_reports().exclude(published_year=None).order_by().values_list("published_year", flat=True),
    )
    phases = published.values_list("report__visit__phase__number", flat=True).union(
        selectors.case_studies().order_by().values_list("visit__phase__number", flat=True)
    )
    return sorted({int(year) for year in years}, reverse=True), sorted(phases)


def _not_held() -> dict:
    """The 2021–24 visits whose authority's own report is not held yet, named in the archive."""
    listed = selectors.authority_reports().filter(visit=OuterRef("pk"))  # a record that can be true
    visits = list(selectors.historic_visits().annotate(listed=Exists(listed)))
    not_held = [visit for visit in visits if not visit.listed]
    return {"not_held": not_held, "historic_count": len(visits), "held_count": len(visits) - len(not_held)}


def case_study_detail(request, slug):
    case_study = get_object_or_404(selectors.case_studies(), slug=slug)
    return render(request, "reports/case_study.html", {"case_study": case_study})


def case_study_pdf(request, slug):
    """The case study as a PDF, laid out as its page is; rendered once per content (core.documents)."""
    case_study = get_object_or_404(selectors.case_studies(), slug=slug)
    return pdf_response(
        request,
        "reports/case_study_document.html",
        {"case_study": case_study},
        filename=f"ci-case-study-{case_study.slug}.pdf",
    )


def _version_url(version) -> str:
    return published.url_for(version)


def report_detail(request, pk):
    report = get_object_or_404(selectors.report_page_queryset(), pk=pk)
    public = [v for v in report.versions.all() if v.withdrawn_at is None and v.pdf]
    if not public:
        raise Http404  # drafts live on the visit's report page, for those allowed to see them
    current = next((v for v in public if v.superseded_at is None), public[0])
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "current": current,
            "earlier": [v for v in public if v is not current],
            "others": selectors.others_on_theme(report),
            "day_plan_shown": report.visit.day_plan_public
            and report.visit.status in PUBLIC_STATUSES
            and report.visit.day_sessions.exists(),
        },
    )


def version_download(request, pk, number):
    """A version's lasting address: it sends the browser to the file itself, named by its content (published.py)."""
    version = get_object_or_404(ReportVersion, report_id=pk, number=number, withdrawn_at__isnull=True)
    if not version.pdf:
        raise Http404
    return redirect(published.url_for(version))


VISIT_REPORT_SOURCE = "Published on the CI Portal by the host authority"


def _scope(visit) -> list[str] | None:
    """The establishments or cluster a visit focuses on, as it has them now; [] for an authority-wide review run in
    the portal; None for a visit recorded from a source that names none (no source records a scope)."""
    places = [place.label for place in visit.focus_establishments.all()]
    if not places and visit.is_historic:
        return None
    return places


def _index_row(kind: str, visit, host, *, scope: list[str] | None, **fields) -> dict:
    """`scope`: the establishments or cluster the visit focused on ([] for an authority-wide review; None where a
    version published before scopes were recorded, or the source a visit was recorded from, does not say)."""
    return {
        "kind": kind,
        "authority": host.name,
        "gss_code": host.gss_code,
        "visit": visit.host_names,  # with its number where visits to the same hosts are numbered: the islands'
        "visit_month": f"{visit.starts_on:%Y-%m}",
        "programme": visit.programme.name,
        "phase": visit.phase.name,
        "theme": visit.theme.name,
        "scope": scope,
        **fields,
    }


def _index_rows():
    """Every archive item: visit reports, dated by publication, and case studies, dated by their source's year."""
    for version in selectors.public_versions():
        for host in version.report.visit.hosts.all():
            yield _index_row(
                "visit report",
                version.report.visit,
                host,
                scope=version.content.get("scope"),
                key_question=version.content["key_question"] or None,
                published=version.published_at.date().isoformat(),
                version=version.number,
                source=VISIT_REPORT_SOURCE,
                page_url=reverse("reports:report-detail", kwargs={"pk": version.report_id}),
                pdf_url=_version_url(version),
            )
    yield from _authority_report_rows()
    for case_study in selectors.case_studies():
        for host in case_study.visit.hosts.all():
            yield _index_row(
                "case study",
                case_study.visit,
                host,
                scope=_scope(case_study.visit),
                key_question=case_study.key_question or None,
                published=str(case_study.source_year),
                version=None,
                source=case_study.source,
                page_url=case_study.get_absolute_url(),
                pdf_url=reverse("reports:case-study-pdf", kwargs={"slug": case_study.slug}),
            )


def _authority_report_rows():
    """One row for the host that published it; where that is not recorded (a joint visit's record from before it
    was), a row for each host, whose source says which one is not recorded."""
    for held in selectors.authority_reports():
        for host in [held.published_by] if held.published_by_id else held.visit.hosts.all():
            yield _index_row(
                "authority's report, as published",
                held.visit,
                host,
                scope=_scope(held.visit),
                key_question=held.visit.key_question or None,
                published=str(held.published_year) if held.published_year else None,
                version=None,
                source=held.source,
                page_url=held.url,
                pdf_url=held.pdf_url or None,
            )


INDEX_COLUMNS = [
    "kind",
    "authority",
    "gss_code",
    "visit",
    "visit_month",
    "programme",
    "phase",
    "theme",
    "scope",
    "key_question",
    "published",
    "version",
    "source",
    "page_url",
    "pdf_url",
]


def _absolute(request, row: dict) -> dict:
    return row | {key: request.build_absolute_uri(row[key]) for key in ("page_url", "pdf_url") if row[key]}


def index_json(request):
    rows = [_absolute(request, row) for row in _index_rows()]
    return HttpResponse(json.dumps({"items": rows}, indent=2), content_type="application/json")


def _scope_cell(scope: list[str] | None) -> str:
    if scope is None:
        return "not recorded"
    return "; ".join(scope) or "authority-wide"


def index_csv(request):
    """The same rows; what a source does not record is written "not recorded", never left to look like a blank."""
    rows = [INDEX_COLUMNS]
    for row in _index_rows():
        row = _absolute(request, row)
        row |= {
            "scope": _scope_cell(row["scope"]),
            "key_question": row["key_question"] or "not recorded",
            "published": row["published"] or "not recorded",
            "pdf_url": row["pdf_url"] or "not held",
            "version": row["version"] or "",
        }
        rows.append([row[column] for column in INDEX_COLUMNS])
    return table_response(rows, "ci-reports", "csv")
