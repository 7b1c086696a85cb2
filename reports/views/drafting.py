"""The host authority drafts and submits; an ADES officer returns or publishes; corrections and withdrawal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from authorities.reauthentication import sensitive
from core.downloads import record_download
from core.forms import add_errors
from reviews.models import Visit

from .. import selectors, sign_off_links
from ..choices import EDITABLE, FindingKind, ReportStatus, SignOffAnswer
from ..forms import ApproveForm, CommentForm, ReportDraftForm, SignOffForm, WithdrawForm
from ..services import drafting, sign_off
from ..tasks import document_html


def _visit_and_report(request, visit_pk, permission):
    """The visit and its report (None until a draft is first saved), if this person has the permission."""
    visit = get_object_or_404(Visit.objects.select_related("theme", "programme", "phase"), pk=visit_pk)
    report = getattr(visit, "report", None)
    if visit.meeting_of or not request.user.has_perm(permission, report or visit):  # a group's meeting has no report
        raise Http404
    return visit, report


def _report(request, visit_pk, permission="reports.view_draft"):
    _, report = _visit_and_report(request, visit_pk, permission)
    if report is None:
        raise Http404  # nothing to act on until a draft is saved
    return report


def report_draft(request, visit_pk):
    visit, report = _visit_and_report(request, visit_pk, "reports.view_draft")
    user = request.user
    return render(
        request,
        "reports/report_draft.html",
        {
            "report": report,
            "visit": visit,
            "editable": report is None or report.status in EDITABLE,
            "can_write": user.has_perm("reports.write_draft", report or visit),
            "can_approve": user.has_perm("reports.approve", report),
            "can_correct": user.has_perm("reports.start_correction", report),
            "events": report.events.select_related("by") if report else [],
            "versions": report.versions.order_by("-number") if report else [],
        },
    )


@require_http_methods(["GET", "POST"])
def report_edit(request, visit_pk):
    visit, report = _visit_and_report(request, visit_pk, "reports.write_draft")
    if report is not None and report.status not in EDITABLE:
        messages.error(request, f"The report is {report.get_status_display().lower()}: it cannot be edited now.")
        return redirect("reports:report-draft", visit_pk=visit_pk)
    form = ReportDraftForm(request.POST or None, initial=ReportDraftForm.initial_for(report) if report else {})
    if request.method == "POST" and form.is_valid():
        report = report or drafting.start_report(visit=visit, by=request.user)  # started by its first save
        drafting.save_draft(report=report, by=request.user, **form.cleaned_data)
        messages.success(request, "The draft is saved.")
        return redirect("reports:report-draft", visit_pk=visit_pk)
    return render(request, "reports/report_edit.html", {"report": report, "visit": visit, "form": form})


def report_preview(request, visit_pk):
    """The draft in the publication's own template and stylesheet: what is previewed is what is published."""
    report = _report(request, visit_pk)
    if report.status != ReportStatus.PUBLISHED:
        record_download(by=request.user, what=f"Draft report for {report.visit}", path=request.path)
    return HttpResponse(document_html(drafting.snapshot(report), preview=True))


STEPS = {
    "submit": (
        "reports.write_draft",
        drafting.submit_report,
        lambda report: "The report is submitted to ADES for approval" + _asked(report.sign_offs.count()),
    ),
    "correct": (
        "reports.start_correction",
        drafting.start_correction,
        lambda report: "The report is open for a correction; the published version stays until the next is published.",
    ),
}


def _asked(asked: int) -> str:
    """The end of the submission's message: whom it asks to confirm the findings, if anyone."""
    if asked == 0:
        return "."
    if asked == 1:
        return "; the one team member from outside the host authorities is asked to confirm it."
    return f"; the {asked} team members from outside the host authorities are asked to confirm it."


@require_POST
def report_step(request, visit_pk, step):
    if step not in STEPS:
        raise Http404
    permission, service, done = STEPS[step]
    report = _report(request, visit_pk, permission)
    try:
        service(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done(report))
    return redirect("reports:report-draft", visit_pk=visit_pk)


@require_http_methods(["GET", "POST"])
@sensitive(check=lambda request, visit_pk: _report(request, visit_pk, "reports.approve"))
def report_approve(request, visit_pk):
    """The approving officer reads the external members' answers and the host's reason for naming no areas for
    improvement, accepts or gives a reason where needed, and publishes."""
    report = _report(request, visit_pk, "reports.approve")
    if report.status != ReportStatus.SUBMITTED:
        messages.error(request, f"The report is {report.get_status_display().lower()}: there is nothing to approve.")
        return redirect("reports:report-draft", visit_pk=visit_pk)
    visit = report.visit
    sign_offs = list(report.sign_offs.select_related("person__organisation"))
    no_areas = not visit.findings.filter(kind=FindingKind.AREA_FOR_IMPROVEMENT).exists()
    objections = any(s.answer == SignOffAnswer.COMMENTED for s in sign_offs)
    data = request.POST if request.method == "POST" else None  # an empty post still asks for what is missing
    form = ApproveForm(data, no_areas=no_areas, objections=objections)
    if request.method == "POST" and form.is_valid():
        try:
            drafting.publish_report(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The report is published.")
            return redirect("reports:report-draft", visit_pk=visit_pk)
    context = {
        "report": report,
        "visit": visit,
        "form": form,
        "sign_offs": sign_offs,
        "tally": selectors.tally(report),
        "no_areas": no_areas,
        "findings": visit.findings.exclude(kind=FindingKind.NEXT_STEP).order_by("kind", "position"),
    }
    return render(request, "reports/report_approve.html", context)


@require_http_methods(["GET", "POST"])
def report_sign_off(request, token):
    """An external team member confirms the report's findings reflect what the team found, or comments; no account
    is needed (the signed link is the key)."""
    found = sign_off_links.sign_off_for(token)
    if found is None:
        return render(request, "reports/sign_off_invalid.html", status=404)
    report = found.report
    initial = {"answer": found.answer, "comment": found.comment} if found.answer != SignOffAnswer.AWAITING else None
    form = SignOffForm(request.POST if request.method == "POST" else None, initial=initial)
    open_now = selectors.can_answer(found)
    if request.method == "POST" and open_now and form.is_valid():
        try:
            sign_off.answer(
                sign_off=found,
                confirmed=form.cleaned_data["answer"] == SignOffAnswer.CONFIRMED,
                comment=form.cleaned_data["comment"],
                by=found.person,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, "Thank you: your answer is recorded. You can change it until the report is decided."
            )
            return redirect(request.path)
    findings = report.visit.findings.exclude(kind=FindingKind.NEXT_STEP).order_by("kind", "position")
    context = {"sign_off": found, "report": report, "visit": report.visit, "form": form, "open_now": open_now}
    return render(request, "reports/sign_off.html", {**context, "findings": findings})


def _decision(request, visit_pk, *, form_class, decide, title: str, done: str):
    """An ADES officer's decision that needs words: returning with comments, or withdrawing with a reason. `decide` is
    the service, called with the report, the officer and the form's fields by name."""
    report = _report(request, visit_pk, "reports.approve")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decide(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, done)
            return redirect("reports:report-draft", visit_pk=visit_pk)
    return render(
        request,
        "reports/report_decision.html",
        {"report": report, "visit": report.visit, "form": form, "title": title, "button": title},
    )


@require_http_methods(["GET", "POST"])
def report_return(request, visit_pk):
    return _decision(
        request,
        visit_pk,
        form_class=CommentForm,
        title="Return the report",
        decide=drafting.return_report,
        done="The report is returned to its authors with your comments.",
    )


@require_http_methods(["GET", "POST"])
@sensitive(check=lambda request, visit_pk: _report(request, visit_pk, "reports.approve"))
def report_withdraw(request, visit_pk):
    return _decision(
        request,
        visit_pk,
        form_class=WithdrawForm,
        title="Withdraw the report",
        decide=drafting.withdraw_report,
        done="The report is withdrawn; its files are no longer served, nor are those of any version of the "
        "programme's evaluation report that drew on it.",
    )
