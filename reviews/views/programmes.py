from collections import defaultdict

from django.contrib import messages
from django.core import signing
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from core import freshness, links
from core.documents import pdf_response
from core.exports import table_response
from core.sections import Page, sections_for

from .. import selectors
from ..forms import ImportForm, ProgrammeFilterForm
from ..importing import UnreadableFile, check_records, records_from_upload
from ..models import Programme, host_names_of, in_sentence
from ..services import importing

IMPORT_SALT = "reviews.programme-import"


def programme_list(request):
    return render(
        request,
        "reviews/programme_list.html",
        {
            "programmes": Programme.objects.order_by("-created_at"),
            "can_plan": request.user.has_perm("reviews.plan_programme"),
        },
    )


def _filtered_visits(request, programme, *, planner: bool):
    form = ProgrammeFilterForm(request.GET or None, programme=programme, show_status=planner)
    filters = selectors.VisitFilters()
    if form.is_bound:
        form.is_valid()  # invalid filters are reported beside their field and left out
        data = form.cleaned_data
        filters = selectors.VisitFilters(
            phase=data.get("phase"),
            theme=data.get("theme"),
            authority=data.get("authority"),
            people_family=data.get("people_family"),
            collaborative=data.get("ric"),
            status=data.get("status"),
            starts_from=data.get("starts_from"),
            starts_until=data.get("starts_until"),
        )
    return form, selectors.programme_visits(programme, filters, public=not planner)


def programme_detail(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    planner = request.user.has_perm("reviews.plan_programme")
    body = freshness.fragment(
        "reviews/_programme_body.html",
        lambda: _programme_context(request, programme, planner),
        key=(programme.pk, planner),
        query=request.GET,
    )
    history = selectors.programme_history(programme) if planner else None
    context = {
        "programme": programme,
        "body": body,
        "history": history,
        "sections": sections_for(Page.PROGRAMME, request, programme),  # what higher apps add: the Quads page
    }
    return render(request, "reviews/programme_detail.html", context)


def _programme_context(request, programme, planner: bool) -> dict:
    prefetch_related_objects([programme], "phases")  # read by the filter form and by the tables: one query
    form, visits = _filtered_visits(request, programme, planner=planner)
    # The rows need each visit's theme, not its programme and phase (known here) loaded again with each visit.
    visits = visits.select_related(None).select_related("theme__broader").prefetch_related(None)
    hosts = selectors.hosts_of(visits)
    visits = _rows(links.attach(links.LinkKind.PUBLISHED_REPORT, visits, "report_link"), hosts, planner=planner)
    phases = links.attach(links.LinkKind.SURVEY_TEAMS, programme.phases.all(), "survey_link")  # for planners
    context = {
        "programme": programme,
        "survey_link": links.resolve(links.LinkKind.SURVEY_TEAMS, [programme]).get(programme.pk),
        "form": form,
        "visits": visits,
        "phases": [(phase, [v for v in visits if v["phase_id"] == phase.pk]) for phase in phases],
        "planner": planner,
        "themes": selectors.theme_counts(programme, public=not planner),
        "is_filtered": bool(form.is_bound and any(form.cleaned_data.values())),
    }
    if visits:
        by_month = defaultdict(list)
        for visit in sorted(visits, key=lambda v: v["starts_on"]):
            by_month[visit["starts_on"].replace(day=1)].append(visit)
        months = selectors.months_between(min(by_month), max(by_month))
        context["timeline"] = [(month, by_month.get(month, [])) for month in months]
    if planner:
        context["coverage"] = selectors.programme_coverage(programme)
    return context


def _rows(visits, hosts_of: dict, *, planner: bool) -> list[dict]:
    """What the visit tables and the timeline print of each visit, worked out once a visit (not once a mention in
    the templates) and read by them as plain lookups: 320 visits' rows were most of the page's rebuild."""
    host_urls = {}
    visit_url = _url_of("reviews:visit-detail")
    rows = []
    for visit in visits:
        hosts = hosts_of.get(visit.pk, [])
        for host in hosts:
            if host.pk not in host_urls:
                host_urls[host.pk] = host.get_absolute_url()
        names = [host.name for host in hosts]
        row = {
            "pk": visit.pk,
            "phase_id": visit.phase_id,
            "starts_on": visit.starts_on,
            "hosts": [(host_urls[host.pk], host.name) for host in hosts],
            "host_names": host_names_of(names, visit.series_number),
            "when": visit.when,
            "theme": visit.theme,
            "report_link": visit.report_link,
        }
        if planner:
            row["status"], row["status_display"] = visit.status, visit.get_status_display()
            row["url"], row["title_in_sentence"] = visit_url(visit.pk), in_sentence(visit.title_with(names))
        rows.append(row)
    return rows


def _url_of(name: str):
    """The URL of the page `name` for a pk: reversed once, with each pk put in its place."""
    head, tail = reverse(name, kwargs={"pk": 987654321}).split("987654321")
    return lambda pk: f"{head}{pk}{tail}"


# number_in_source: Appendix 1's "(1)", "(2)", "(3)" that tell the three joint visits to the islands apart.
TIMETABLE_COLUMNS = ["phase", "host_authorities", "number_in_source", "month", "starts_on", "ends_on", "theme"]
PLAN_COLUMNS = [*TIMETABLE_COLUMNS, "status", "key_question", "focus_areas", "venue", "team_size"]


def _row(visit, *, planner: bool) -> list:
    row = [
        visit.phase.number,
        "; ".join(h.name for h in visit.hosts.all()),
        visit.series_number or "",
        visit.starts_on.strftime("%Y-%m"),
        visit.starts_on.isoformat() if visit.has_exact_dates else "",
        visit.ends_on.isoformat() if visit.ends_on else "",
        visit.theme.name,
    ]
    if planner:
        row += [
            visit.get_status_display(),
            visit.key_question,
            "; ".join(visit.focus_areas),
            visit.venue,
            visit.team_size,
        ]
    return row


def programme_export(request, slug, fmt):
    """The visit list as CSV for anyone (agreed visits), or CSV/XLSX with the plan's details for ADES officers."""
    programme = get_object_or_404(Programme, slug=slug)
    planner = request.user.has_perm("reviews.plan_programme")
    if fmt == "xlsx" and not planner:
        raise Http404
    _, visits = _filtered_visits(request, programme, planner=planner)
    visits = list(visits)
    if planner:
        visits = selectors.with_team_size(visits)
    columns = PLAN_COLUMNS if planner else TIMETABLE_COLUMNS
    rows = [_row(visit, planner=planner) for visit in visits]
    return table_response([columns, *rows], f"{slugify(programme.slug)}-visits", fmt)


@require_http_methods(["GET", "POST"])
def programme_import(request, slug):
    """Upload, check every row, preview; only a confirmed preview writes, and then all or nothing."""
    programme = get_object_or_404(Programme, slug=slug)
    if not request.user.has_perm("reviews.plan_programme"):
        raise Http404
    phases = set(programme.phases.values_list("number", flat=True))
    if request.method == "POST" and "payload" in request.POST:
        try:
            records = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=60 * 60)
        except signing.BadSignature:
            messages.error(request, "The preview had expired. Upload the file again.")
            return redirect("reviews:programme-import", slug=slug)
        parsed = check_records([tuple(record) for record in records], phases=phases)
        if parsed.problems:
            return render(
                request,
                "reviews/programme_import.html",
                {"programme": programme, "form": ImportForm(), "problems": parsed.problems},
            )
        result = importing.import_visits(programme=programme, rows=parsed.rows, by=request.user)
        messages.success(
            request,
            f"{len(result.created)} visits imported; {len(result.already_there)} were in the programme already.",
        )
        return redirect(programme)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"programme": programme, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            records = records_from_upload(upload.name, upload.read())
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            parsed = check_records(records, phases=phases)
            context.update(problems=parsed.problems, rows=parsed.rows)
            if not parsed.problems:
                context["payload"] = signing.dumps(records, salt=IMPORT_SALT, compress=True)
    return render(request, "reviews/programme_import.html", context)


def programme_timetable_pdf(request, slug):
    """The programme's public timetable (agreed visits only) as a PDF: the final report's Appendix 1."""
    programme = get_object_or_404(Programme, slug=slug)
    visits = list(selectors.programme_visits(programme, selectors.VisitFilters(), public=True))
    phases = [(phase, [v for v in visits if v.phase_id == phase.pk]) for phase in programme.phases.all()]
    return pdf_response(
        request,
        "reviews/timetable_document.html",
        {"programme": programme, "phases": phases},
        filename=f"{programme.slug}-timetable.pdf",
    )
