"""Education Scotland's national thematic inspections: anyone signed in reads them (a visit's warnings link here);
ADES officers record, change, delete and import them, and set how near a visit may fall before scheduling warns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import once
from core.access import require
from core.exports import table_response
from core.forms import add_errors

from ..importing import UnreadableFile, records_from_upload
from ..inspection_forms import InspectionForm, InspectionImportForm, InspectionWindowForm
from ..inspection_importing import TEMPLATE_ROWS, check_inspections
from ..models.inspections import InspectionWindow, NationalInspection
from ..services import inspections

PLAN = "reviews.plan_programme"
PER_PAGE = 25
IMPORT_SALT = "reviews.inspection-import"


def _list_url() -> str:
    return reverse("reviews:inspection-list")


@login_required
def inspection_list(request):
    found = NationalInspection.objects.select_related("theme").prefetch_related("authorities")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "window": InspectionWindow.current(), "can_plan": request.user.has_perm(PLAN)}
    return render(request, "reviews/inspection_list.html", context)


@login_required
def inspection_detail(request, pk):
    inspection = get_object_or_404(NationalInspection.objects.select_related("theme"), pk=pk)
    context = {
        "inspection": inspection,
        "authorities": list(inspection.authorities.order_by("name")),
        "window": InspectionWindow.current(),
        "can_plan": request.user.has_perm(PLAN),
    }
    return render(request, "reviews/inspection_detail.html", context)


def _fields(cleaned: dict) -> dict:
    fields = {name: cleaned[name] for name in inspections.FIELDS}
    fields["theme_name"] = fields["theme_name"].strip()
    return fields


@require_http_methods(["GET", "POST"])
def inspection_create(request):
    require(request, PLAN)
    form = InspectionForm(request.POST or None)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                inspection = inspections.record_inspection(
                    authorities=form.cleaned_data["authorities"], by=request.user, **_fields(form.cleaned_data)
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"The inspection {inspection.title} is recorded.")
                return once.finish(request, inspection.get_absolute_url())
        once.release(request)
    return render(request, "reviews/inspection_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def inspection_edit(request, pk):
    require(request, PLAN)
    inspection = get_object_or_404(NationalInspection, pk=pk)
    form = InspectionForm(request.POST or None, initial=InspectionForm.initial_for(inspection))
    if request.method == "POST" and form.is_valid():
        try:
            inspections.update_inspection(
                inspection=inspection,
                authorities=form.cleaned_data["authorities"],
                by=request.user,
                **_fields(form.cleaned_data),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The inspection {inspection.title} is saved.")
            return redirect(inspection)
    return render(request, "reviews/inspection_form.html", {"form": form, "inspection": inspection})


@require_http_methods(["GET", "POST"])
def inspection_delete(request, pk):
    """A confirmation page; its POST deletes."""
    require(request, PLAN)
    inspection = get_object_or_404(NationalInspection, pk=pk)
    if request.method == "POST":
        inspections.delete_inspection(inspection=inspection, by=request.user)
        messages.success(request, f"The inspection {inspection.title} is deleted. Visits are no longer warned of it.")
        return redirect("reviews:inspection-list")
    return render(request, "reviews/inspection_delete.html", {"inspection": inspection})


@require_http_methods(["GET", "POST"])
def inspection_window(request):
    require(request, PLAN)
    form = InspectionWindowForm(request.POST or None, initial={"months": InspectionWindow.current()})
    if request.method == "POST" and form.is_valid():
        window = inspections.set_inspection_window(months=form.cleaned_data["months"], by=request.user)
        messages.success(
            request, f"Scheduling now warns of an inspection within {window.months} months of a visit's dates."
        )
        return redirect("reviews:inspection-list")
    return render(request, "reviews/inspection_window.html", {"form": form})


def inspection_template(request):
    require(request, PLAN)
    return table_response(TEMPLATE_ROWS, "national-thematic-inspections", "csv")


def _confirm_import(request):
    try:
        records = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=60 * 60)
    except signing.BadSignature:
        messages.error(request, "The preview had expired. Upload the file again.")
        return redirect("reviews:inspection-import")
    parsed = check_inspections([tuple(record) for record in records])
    if parsed.problems:  # the authorities or themes changed since the preview
        return render(request, "reviews/inspection_import.html", {"form": InspectionImportForm(), "parsed": parsed})
    result = inspections.import_inspections(rows=parsed.rows, by=request.user)
    created, there = len(result.created), len(result.already_there)
    said = f"{created} inspection{pluralize(created)} imported"
    if there:
        said += f"; {there} {'was' if there == 1 else 'were'} recorded already (the same title and start)"
    messages.success(request, f"{said}.")
    return redirect("reviews:inspection-list")


@require_http_methods(["GET", "POST"])
def inspection_import(request):
    """Upload, check every row, preview; only a confirmed preview writes, and then all or nothing."""
    require(request, PLAN)
    if request.method == "POST" and "payload" in request.POST:
        return _confirm_import(request)
    form = InspectionImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            records = records_from_upload(upload.name, upload.read())
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            context["parsed"] = parsed = check_inspections(records)
            if not parsed.problems:
                context["payload"] = signing.dumps(records, salt=IMPORT_SALT, compress=True)
    return render(request, "reviews/inspection_import.html", context)
