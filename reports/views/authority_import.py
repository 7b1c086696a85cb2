"""ADES officers import the links to the authorities' own published reports at once: all or nothing, each row's
problem shown beside the row."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import once
from core.access import require

from ..authority_report_forms import AuthorityReportsImportForm
from ..services import authority_report_import as links

PERMISSION = "reports.import_authority_reports"


@require_http_methods(["GET", "POST"])
def links_import(request):
    require(request, PERMISSION)
    form = AuthorityReportsImportForm(request.POST or None, request.FILES or None)
    rows: list[links.LinkRow] = []
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                rows = links.read_links(form.cleaned_data["file"].read())
            except links.ImportRefused as refused:
                form.add_error("file", str(refused))
            else:
                if not any(row.problem for row in rows):
                    done = links.import_links(rows=rows, by=request.user)
                    messages.success(
                        request,
                        f"{done.added} added and {done.updated} updated. The archive lists them; check one there.",
                    )
                    return once.finish(request, reverse("reports:archive") + "#authority-reports-heading")
        once.release(request)
    problems = sum(1 for row in rows if row.problem)
    context = {"form": form, "rows": rows, "problems": problems, "columns": links.COLUMNS}
    return render(request, "reports/authority_reports_import.html", context)


def links_template(request):
    """An example file with the columns and the format of each, to fill in."""
    require(request, PERMISSION)
    response = HttpResponse(links.TEMPLATE, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="authority-report-links.csv"'
    return response
