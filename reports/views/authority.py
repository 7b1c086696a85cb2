"""ADES officers attach each historic visit's own published report: its address and, optionally, its PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.access import require

from .. import selectors
from ..authority_report_forms import AuthorityReportForm
from ..services import authority_reports


@require_http_methods(["GET", "POST"])
def authority_report_edit(request, pk):
    visit = get_object_or_404(selectors.recordable_visits().select_related("theme"), pk=pk)
    require(request, "reports.record_authority_report", visit)
    held = getattr(visit, "authority_report", None)
    if request.GET.get("remove") and held:
        if request.method == "POST":
            authority_reports.remove(report=held, by=request.user)
            messages.success(request, "The authority's report is removed from the archive.")
            return redirect(visit)
        return render(request, "reports/authority_report_remove.html", {"visit": visit, "held": held})
    form = AuthorityReportForm(request.POST or None, request.FILES or None, initial=_initial(held), visit=visit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        year, day = data["published_year"]
        try:
            authority_reports.attach(
                visit=visit,
                url=data["url"],
                title=data["title"],
                published_year=year,
                published_on=day,
                published_by=data.get("published_by"),
                pdf=data["pdf"],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error("pdf" if data["pdf"] else None, error.messages)
        else:
            messages.success(request, "The authority's report is in the archive.")
            return redirect(visit)
    return render(request, "reports/authority_report_form.html", {"visit": visit, "held": held, "form": form})


def _initial(held) -> dict | None:
    if held is None:
        return None
    when = held.published_on.isoformat() if held.published_on else held.published_year or ""
    return {"url": held.url, "title": held.title, "published_year": when, "published_by": held.published_by_id}
