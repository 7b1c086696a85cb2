"""Self-evaluation: an authority's officers grade it against the framework, submit, and reopen if need be."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from authorities.models import Authority
from core import cycles, once
from core.access import require

from .. import selectors
from ..forms import FrameworkImportForm, ReopenSelfEvaluationForm, SelfEvaluationForm
from ..models import Grade, SelfEvaluation
from ..services import self_evaluation


def _cycle(slug: str) -> str:
    """The cycle named in an address; a malformed one is not found."""
    cycle = cycles.normalise(slug)
    if not cycles.is_consecutive(cycle):
        raise Http404
    return cycle


def self_evaluation_index(request):
    """ADES officers: every authority's state in a cycle. An authority's officers: their own, cycle by cycle."""
    user = request.user
    if user.has_perm("quads.view_all_self_evaluations"):
        cycle = cycles.chosen(request.GET.get("cycle"))
        evaluations = {
            evaluation.authority_id: evaluation
            for evaluation in SelfEvaluation.objects.filter(cycle=cycle).select_related("authority")
        }
        rows = [(authority, evaluations.get(authority.pk)) for authority in Authority.objects.order_by("name")]
        return render(
            request,
            "quads/self_evaluation_overview.html",
            {
                "cycle": cycle,
                "cycles": cycles.options(SelfEvaluation.objects.values_list("cycle", flat=True).distinct(), cycle),
                "rows": rows,
                "submitted": sum(1 for _, evaluation in rows if evaluation and evaluation.is_locked),
            },
        )
    require(request, "quads.view_frameworks")
    authority = user.organisation.authority
    current = cycles.current_cycle()
    evaluations = list(authority.self_evaluations.all())
    return render(
        request,
        "quads/self_evaluation_mine.html",
        {
            "authority": authority,
            "evaluations": evaluations,
            "current": current,
            "current_slug": cycles.to_slug(current),
            "has_current": any(evaluation.cycle == current for evaluation in evaluations),
        },
    )


def _authority_and_evaluation(request, slug, cycle_slug, permission="quads.view_self_evaluation"):
    authority = get_object_or_404(Authority, slug=slug)
    cycle = _cycle(cycle_slug)
    evaluation = (
        SelfEvaluation.objects.filter(authority=authority, cycle=cycle)
        .select_related("framework", "submitted_by", "authority")
        .prefetch_related(Prefetch("grades", queryset=Grade.objects.select_related("indicator")))
        .first()
    )
    require(request, permission, evaluation or authority)
    return authority, cycle, evaluation


@require_http_methods(["GET", "POST"])
def self_evaluation_detail(request, slug, cycle):
    authority, cycle, evaluation = _authority_and_evaluation(request, slug, cycle)
    user = request.user
    can_write = user.has_perm("quads.write_self_evaluation", evaluation or authority)
    context = {
        "authority": authority,
        "cycle": cycle,
        "cycle_slug": cycles.to_slug(cycle),
        "evaluation": evaluation,
        "can_write": can_write,
        "can_reopen": evaluation is not None and user.has_perm("quads.reopen_self_evaluation", evaluation),
        "framework": evaluation.framework if evaluation else selectors.current_framework(),
    }
    if evaluation is None:
        return render(request, "quads/self_evaluation_start.html", context)
    context["events"] = evaluation.events.select_related("by")[:20]
    grades = list(evaluation.grades.select_related("indicator"))
    context["last"] = self_evaluation.attach_last_cycle(evaluation, grades)  # each beside the last cycle's grade
    if not can_write or evaluation.is_locked:
        return render(request, "quads/self_evaluation_detail.html", {**context, "grades": grades})
    submitting = request.POST.get("action") == "submit"
    form = SelfEvaluationForm(request.POST or None, grades=grades, submitting=submitting)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                self_evaluation.save_grades(
                    self_evaluation=evaluation, grades=form.grade_values(), by=user, submit=submitting
                )
            except self_evaluation.Locked as locked:
                messages.error(request, str(locked))
                return redirect(evaluation.get_absolute_url())
            if submitting:
                messages.success(request, "The self-evaluation is submitted. It is locked, and your Quad can see it.")
            else:
                messages.success(request, "The draft is saved. Nobody outside your authority and ADES sees it.")
            return once.finish(request, evaluation.get_absolute_url())
        once.release(request)
    return render(request, "quads/self_evaluation_form.html", {**context, "form": form})


@require_POST
def self_evaluation_start(request, slug, cycle):
    authority, cycle, evaluation = _authority_and_evaluation(request, slug, cycle, "quads.write_self_evaluation")
    if evaluation is None:
        if selectors.current_framework() is None:
            messages.error(request, "There is no framework of quality indicators yet. Ask ADES to add one.")
            return redirect("quads:self-evaluation-index")
        evaluation = self_evaluation.start_self_evaluation(authority=authority, cycle=cycle, by=request.user)
    return redirect(evaluation.get_absolute_url())


@require_http_methods(["GET", "POST"])
def self_evaluation_reopen(request, slug, cycle):
    _, cycle, evaluation = _authority_and_evaluation(request, slug, cycle, "quads.reopen_self_evaluation")
    if evaluation is None:
        raise Http404
    if not evaluation.is_locked:
        messages.info(request, "The self-evaluation is open for changes already.")
        return redirect(evaluation.get_absolute_url())
    form = ReopenSelfEvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        self_evaluation.reopen_self_evaluation(
            self_evaluation=evaluation, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "The self-evaluation is reopened for changes. Submit it again when it is ready.")
        return redirect(evaluation.get_absolute_url())
    return render(
        request, "quads/self_evaluation_reopen.html", {"form": form, "evaluation": evaluation, "cycle": cycle}
    )


def framework_list(request):
    require(request, "quads.view_frameworks")
    frameworks = selectors.frameworks()
    return render(
        request,
        "quads/framework_list.html",
        {
            "frameworks": frameworks,
            "current": frameworks[0] if frameworks else None,
            "can_manage": request.user.has_perm("quads.manage_frameworks"),
        },
    )


def framework_detail(request, slug):
    require(request, "quads.view_frameworks")
    versions = selectors.frameworks()
    framework = next((version for version in versions if version.slug == slug), None)
    if framework is None:
        raise Http404
    return render(
        request,
        "quads/framework_detail.html",
        {
            "framework": framework,
            "versions": len(versions),
            "indicators": list(framework.questions.order_by("position")),
            "is_current": versions[0] == framework,
            "can_manage": request.user.has_perm("quads.manage_frameworks"),
        },
    )


@require_http_methods(["GET", "POST"])
def framework_import(request):
    require(request, "quads.manage_frameworks")
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                rows = self_evaluation.read_indicators(form.cleaned_data["file"].read())
            except ValidationError as unreadable:  # not a CSV that can be read: said next to the file
                form.add_error("file", unreadable)
            except self_evaluation.ImportProblems as refused:
                problems = refused.problems
                form.add_error(
                    "file",
                    f"The file has {len(problems)} problem{'s' if len(problems) > 1 else ''}; nothing was imported.",
                )
            else:
                framework = self_evaluation.create_framework(name=form.cleaned_data["name"], rows=rows, by=request.user)
                messages.success(
                    request,
                    f"{framework.name} is imported with {len(rows)} indicators. "
                    "Self-evaluations started from now on use it.",
                )
                return once.finish(request, reverse("quads:framework-detail", kwargs={"slug": framework.slug}))
        once.release(request)
    return render(request, "quads/framework_import.html", {"form": form, "problems": problems})
