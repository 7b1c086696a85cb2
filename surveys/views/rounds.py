"""ADES officers run rounds: open, follow, remind, close and reopen; then results, comments and exports."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_http_methods, require_POST

from core import once
from core.access import require
from core.documents import pdf_response
from core.exports import table_response
from reviews.models import Phase, Programme, Visit

from .. import aggregation, release, selectors, services
from ..choices import Moderation, RespondentKind
from ..forms import ReopenForm, RoundForm
from ..models import Answer, SurveyRound


def _round(request, pk, permission="surveys.run_rounds"):
    survey_round = get_object_or_404(selectors.round_queryset(), pk=pk)
    require(request, permission, survey_round)
    return survey_round


def round_list(request):
    require(request, "surveys.run_rounds")
    rounds = list(selectors.rounds_with_counts().filter(open_token__isnull=True))  # stakeholder rounds: on visits
    for survey_round in rounds:
        survey_round.rate = selectors.response_rate(survey_round.invited, survey_round.answered)
    return render(request, "surveys/round_list.html", {"rounds": rounds})


def _scope(request) -> dict:
    """The round's visit, phase or programme, chosen from its page; or the round a follow-on follows."""
    visit = get_object_or_404(Visit, pk=request.GET["visit"]) if request.GET.get("visit") else None
    phase = get_object_or_404(Phase, pk=request.GET["phase"]) if request.GET.get("phase") else None
    programme = get_object_or_404(Programme, pk=request.GET["programme"]) if request.GET.get("programme") else None
    follows = None
    if request.GET.get("follows"):
        follows = get_object_or_404(selectors.round_queryset(), pk=request.GET["follows"])
        visit, phase, programme = follows.visit, follows.phase, follows.programme
    if sum(scope is not None for scope in (visit, phase, programme)) != 1:
        raise Http404  # a round is for one visit, phase or programme
    return {"visit": visit, "phase": phase, "programme": programme, "follows": follows}


@require_http_methods(["GET", "POST"])
def round_create(request):
    """The round's details, then the count and the first email, then the send (once, however often pressed)."""
    require(request, "surveys.run_rounds")
    scope = _scope(request)
    follows = scope["follows"]
    initial = {"questionnaire": follows.questionnaire, "cohort": follows.cohort} if follows else None
    last_day = selectors.last_visit_day(visit=scope["visit"], phase=scope["phase"], programme=scope["programme"])
    form = RoundForm(request.POST or None, initial=initial, last_visit_day=last_day)
    sending = request.POST.get("send") == "yes"
    if sending and (repeat := once.claim(request)):
        return repeat
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("questionnaire", "cohort", "opens_on", "closes_on")}
        preview = services.preview_invitations(**scope, **fields)
        if sending and preview.count:
            survey_round = services.open_round(**scope, by=request.user, **fields)
            sent = survey_round.invitations.count()
            messages.success(
                request,
                f"The round is open and {sent} {pluralize(sent, 'person is,people are')} being emailed their link.",
            )
            return once.finish(request, survey_round.get_absolute_url())
        if sending:
            once.release(request)  # nobody to invite: the preview says so
        if "change" not in request.POST:
            return render(request, "surveys/round_preview.html", {**scope, "form": form, "preview": preview})
    elif sending:
        once.release(request)
    return render(request, "surveys/round_form.html", {**scope, "form": form})


def round_detail(request, pk):
    """While a round is open: how many answered, and who has not (for reminders); nobody who has is named."""
    survey_round = _round(request, pk)
    waiting = list(selectors.not_yet_answered(survey_round))
    invited = survey_round.invitations.count()
    answered = invited - len(waiting)
    released = release.results_released(survey_round, responses=survey_round.responses.count())
    return render(
        request,
        "surveys/round_detail.html",
        {
            "survey_round": survey_round,
            "waiting": waiting,
            "invited": invited,
            "answered": answered,
            "rate": selectors.response_rate(invited, answered),
            "is_open": survey_round.is_open(),
            "released": released,
            "why_not": release.why_not(survey_round),
            "pending_comments": selectors.comments(survey_round, moderation=Moderation.PENDING).count()
            if released
            else 0,
        },
    )


@require_POST
def round_remind(request, pk):
    survey_round = _round(request, pk)
    if not survey_round.is_open():
        messages.error(request, "The round is closed: reopen it before reminding anyone.")
    else:
        count = services.remind_round(survey_round=survey_round)
        messages.success(
            request,
            f"{count} reminder{'s' if count != 1 else ''} sent to those who have not answered."
            if count
            else "Nobody needed a reminder: everyone has answered or was reminded today.",
        )
    return redirect(survey_round)


@require_POST
def round_close(request, pk):
    survey_round = _round(request, pk)
    services.close_round(survey_round=survey_round, by=request.user)
    messages.success(request, "The round is closed. Links now say so.")
    return redirect(survey_round)


@require_http_methods(["GET", "POST"])
def round_reopen(request, pk):
    survey_round = _round(request, pk)
    if release.results_released(survey_round):
        return render(
            request,
            "surveys/round_reopen.html",
            {"survey_round": survey_round, "refusal": release.RELEASED_ROUNDS_STAY_CLOSED},
        )
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_round(survey_round=survey_round, closes_on=form.cleaned_data["closes_on"], by=request.user)
        except ValidationError as error:
            form.add_error("closes_on", error.messages)
        else:
            messages.success(request, f"The round is open until {survey_round.closes_on:%-d %B %Y}.")
            return redirect(survey_round)
    return render(request, "surveys/round_reopen.html", {"form": form, "survey_round": survey_round})


def _released(request, pk, permission="surveys.view_results") -> tuple[SurveyRound, int]:
    """A round whose results may be shown, or 404: downloads of an open or small round do not exist."""
    survey_round = _round(request, pk, permission)
    responses = survey_round.responses.count()
    if not release.results_released(survey_round, responses=responses):
        raise Http404
    return survey_round, responses


def _results(survey_round):
    questions = list(survey_round.questionnaire.questions.all())
    threshold = settings.SURVEY_MIN_GROUP
    statements = aggregation.statement_results(
        questions, selectors.scaled_answer_counts(survey_round), threshold=threshold
    )
    kinds = selectors.respondent_kinds()
    by_kind = aggregation.compare(
        questions, selectors.rows_by_respondent_kind(survey_round), kinds, threshold=threshold
    )
    by_kind.groups = [RespondentKind(kind).label for kind in kinds]
    cohorts = selectors.cohorts_of(survey_round)
    by_cohort = aggregation.compare(questions, selectors.rows_by_cohort(survey_round), cohorts, threshold=threshold)
    return statements, by_kind, by_cohort


def round_results(request, pk):
    survey_round = _round(request, pk, "surveys.view_results")
    invited = survey_round.invitations.count()
    responses = survey_round.responses.count()
    context = {
        "survey_round": survey_round,
        "invited": invited,
        "responses": responses,
        "rate": selectors.response_rate(invited, responses),
        "threshold": settings.SURVEY_MIN_GROUP,
        "why_not": release.why_not(survey_round, responses=responses),
    }
    if not context["why_not"]:
        statements, by_kind, by_cohort = _results(survey_round)
        context |= {
            "statements": statements,
            "by_kind": by_kind,
            "by_cohort": by_cohort,
            "chart": aggregation.diverging_chart(statements, title=survey_round.questionnaire.name),
            "choices": aggregation.choice_results(
                survey_round.questionnaire.questions.all(),
                selectors.choice_answer_rows(survey_round),
                threshold=settings.SURVEY_MIN_GROUP,
            ),
            "comments": list(selectors.comments(survey_round)),
        }
    return render(request, "surveys/round_results.html", context)


@require_http_methods(["GET", "POST"])
def round_comments(request, pk):
    """Free text is read, even by officers, only once the results are released."""
    survey_round = _round(request, pk)
    why_not = release.why_not(survey_round)
    if request.method == "POST":
        if why_not:
            raise Http404
        answer = get_object_or_404(
            Answer.objects.select_related("question", "response__survey_round"),
            pk=request.POST.get("answer"),
            response__survey_round=survey_round,
        )
        moderation = Moderation.PUBLISHED if request.POST.get("action") == "publish" else Moderation.HIDDEN
        services.moderate_answer(answer=answer, moderation=moderation, by=request.user)
        messages.success(request, f"The comment is {moderation.label.lower()}.")
        return redirect("surveys:round-comments", pk=pk)
    return render(
        request,
        "surveys/round_comments.html",
        {
            "survey_round": survey_round,
            "why_not": why_not,
            "comments": [] if why_not else list(selectors.comments(survey_round, moderation=None)),
        },
    )


def round_export(request, pk, fmt):
    """The aggregated results, with n and the response rate; suppressed figures stay suppressed."""
    survey_round, responses = _released(request, pk)
    statements, _, _ = _results(survey_round)
    invited = survey_round.invitations.count()
    rows = [
        ["round", str(survey_round)],
        ["invited", invited],
        ["responses", responses],
        ["response rate (%)", selectors.response_rate(invited, responses)],
        [],
        ["statement", "n", "strongly agree or excellent first, then each level, as count (percent)", "agreeing (%)"],
    ]
    for result in statements:
        if result.suppressed:
            rows.append([result.text, aggregation.SUPPRESSED])
        else:
            levels = "; ".join(f"{level.label}: {level.count} ({level.percent}%)" for level in result.levels)
            rows.append([result.text, result.n, levels, result.agreeing_percent])
    return table_response(rows, f"survey-round-{survey_round.pk}-results", fmt)


def round_results_pdf(request, pk):
    """The round's results as a PDF: the same figures, chart and published comments as the page."""
    survey_round, responses = _released(request, pk)
    statements, _, _ = _results(survey_round)
    context = {
        "survey_round": survey_round,
        "statements": statements,
        "responses": responses,
        "invited": survey_round.invitations.count(),
        "threshold": settings.SURVEY_MIN_GROUP,
        "chart": aggregation.diverging_chart(statements, title=survey_round.questionnaire.name),
        "comments": list(selectors.comments(survey_round)),
    }
    return pdf_response(
        request, "surveys/survey_document.html", context, filename=f"survey-round-{survey_round.pk}-results.pdf"
    )
