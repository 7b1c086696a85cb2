"""ADES officers attach each historic visit's own published report: its address and, optionally, its PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.access import require

from .. import selectors
from ..forms import AuthorityReportForm
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
    initial = {"url": held.url, "published_year": held.published_year} if held else None
    form = AuthorityReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            authority_reports.attach(
                visit=visit, url=data["url"], published_year=data["published_year"], pdf=data["pdf"], by=request.user
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
