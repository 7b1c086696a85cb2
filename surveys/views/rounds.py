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

from .. import results, selectors
from ..choices import Moderation
from ..forms import ReopenForm, RoundForm
from ..services import links, release, rounds
from ..services.moderation import moderate_comment


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
    chosen = {name: request.GET.get(name, "") for name in ("visit", "phase", "programme", "follows")}
    if any(value and not (value.isascii() and value.isdigit()) for value in chosen.values()):
        raise Http404
    visit = get_object_or_404(Visit, pk=chosen["visit"]) if chosen["visit"] else None
    phase = get_object_or_404(Phase, pk=chosen["phase"]) if chosen["phase"] else None
    programme = get_object_or_404(Programme, pk=chosen["programme"]) if chosen["programme"] else None
    follows = None
    if chosen["follows"]:  # a stakeholder round has no invitations to follow on from
        follows = get_object_or_404(selectors.round_queryset(), pk=chosen["follows"], open_token__isnull=True)
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
        preview = rounds.preview_invitations(**scope, **fields)
        if sending and preview.count:
            survey_round = rounds.open_round(**scope, by=request.user, **fields)
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
    moderation = results.for_moderation(survey_round, request.user)  # first: it closes a round past its date
    invited = survey_round.invitations.count()
    answered = survey_round.invitations.filter(completion__isnull=False).count()
    # Named while reminders can reach them; once closed, a list of who did not answer, beside figures where everyone
    # agreed, would say what each of the others answered.
    waiting = list(selectors.not_yet_answered(survey_round)) if survey_round.is_open() else []
    return render(
        request,
        "surveys/round_detail.html",
        {
            "survey_round": survey_round,
            "waiting": waiting,
            "invited": invited,
            "answered": answered,
            "rate": selectors.response_rate(invited, answered),
            "not_answered": invited - answered,
            "is_open": survey_round.is_open(),
            "released": moderation.shown,
            "why_not": moderation.why_not,
            "pending_comments": sum(c.moderation == Moderation.PENDING for c in moderation.comments),
        },
    )


@require_POST
def round_remind(request, pk):
    survey_round = _round(request, pk)
    if not survey_round.is_open():
        messages.error(request, "The round is closed: reopen it before reminding anyone.")
    else:
        count = rounds.remind_round(survey_round=survey_round, by=request.user)
        messages.success(
            request,
            f"{count} reminder{'s' if count != 1 else ''} sent to those who have not answered."
            if count
            else "Nobody needed a reminder: everyone has answered or was reminded today.",
        )
    return redirect(survey_round)


@require_POST
def round_send_again(request, pk):
    """One person's link again, to them only: while the round is open and they have not answered. The invitation is
    named in the body, never the path (logs keep paths); one not in this round is refused as an answered one is."""
    survey_round = _round(request, pk)
    chosen = request.POST.get("invitation", "")
    invitation = None
    if chosen.isascii() and chosen.isdigit():
        invitation = survey_round.invitations.select_related("person").filter(pk=chosen).first()
    if invitation is None:
        messages.error(request, links.NOT_SENT)
        return redirect(survey_round)
    name = invitation.person.full_name
    try:
        sent = links.send_link_again(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if sent:
            messages.success(request, f"{name}'s survey link is on its way to them again.")
        else:
            messages.info(request, f"{name}'s link went to them a moment ago, so it was not sent again.")
    return redirect(survey_round)


@require_POST
def round_close(request, pk):
    survey_round = _round(request, pk)
    release.close_round(survey_round=survey_round, by=request.user)
    messages.success(request, "The round is closed. Links now say so.")
    return redirect(survey_round)


@require_http_methods(["GET", "POST"])
def round_reopen(request, pk):
    survey_round = _round(request, pk)
    if results.state(survey_round) in (results.State.RELEASED, results.State.COUNTING):
        return render(
            request,
            "surveys/round_reopen.html",
            {"survey_round": survey_round, "refusal": release.RELEASED_ROUNDS_STAY_CLOSED},
        )
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release.reopen_round(survey_round=survey_round, closes_on=form.cleaned_data["closes_on"], by=request.user)
        except ValidationError as error:
            form.add_error("closes_on", error.messages)
        else:
            messages.success(request, f"The round is open until {survey_round.closes_on:%-d %B %Y}.")
            return redirect(survey_round)
    return render(request, "surveys/round_reopen.html", {"form": form, "survey_round": survey_round})


def _figures(request, pk) -> results.Figures:
    """The figures of a round the visitor may read, or 404: downloads of an open or small round do not exist."""
    figures = results.for_reader(_round(request, pk, "surveys.view_results"), request.user)
    if not figures.shown:
        raise Http404
    return figures


def round_results(request, pk):
    survey_round = _round(request, pk, "surveys.view_results")
    figures = results.for_reader(survey_round, request.user)
    invited = survey_round.invitations.count()
    answered = figures.respondents
    if not figures.shown:
        answered = survey_round.invitations.filter(completion__isnull=False).count()
    return render(
        request,
        "surveys/round_results.html",
        {
            "survey_round": survey_round,
            "figures": figures,
            "invited": invited,
            "responses": answered,
            "rate": selectors.response_rate(invited, answered),
            "threshold": settings.SURVEY_MIN_GROUP,
            "chart": figures.chart() if figures.shown else "",
        },
    )


@require_http_methods(["GET", "POST"])
def round_comments(request, pk):
    """Free text is read, even by officers, only once the results are released."""
    survey_round = _round(request, pk)
    figures = results.for_moderation(survey_round, request.user)
    if request.method == "POST":
        comment = results.comment_to_moderate(survey_round, request.POST.get("answer")) if figures.shown else None
        if comment is None:
            raise Http404
        moderation = Moderation.PUBLISHED if request.POST.get("action") == "publish" else Moderation.HIDDEN
        moderate_comment(comment=comment, moderation=moderation, by=request.user)
        messages.success(request, f"The comment is {moderation.label.lower()}.")
        return redirect("surveys:round-comments", pk=pk)
    return render(
        request,
        "surveys/round_comments.html",
        {"survey_round": survey_round, "why_not": figures.why_not, "comments": figures.comments},
    )


def round_export(request, pk, fmt):
    """The aggregated results, with n and the response rate; suppressed figures stay suppressed."""
    figures = _figures(request, pk)
    survey_round = figures.survey_round
    invited = survey_round.invitations.count()
    rows = [
        ["round", str(survey_round)],
        ["invited", invited],
        ["responses", figures.respondents],
        ["response rate (%)", selectors.response_rate(invited, figures.respondents)],
        [],
        ["statement", "n", "strongly agree or excellent first, then each level, as count (percent)", "agreeing (%)"],
    ]
    for result in figures.statements:
        if result.suppressed:
            rows.append([result.text, results.SUPPRESSED])
        else:
            levels = "; ".join(f"{level.label}: {level.count} ({level.percent}%)" for level in result.levels)
            rows.append([result.text, result.n, levels, result.agreeing_percent])
    return table_response(rows, f"survey-round-{survey_round.pk}-results", fmt)


def round_results_pdf(request, pk):
    """The round's results as a PDF: the same figures, chart and published comments as the page."""
    figures = _figures(request, pk)
    survey_round = figures.survey_round
    context = {
        "survey_round": survey_round,
        "statements": figures.statements,
        "responses": figures.respondents,
        "invited": survey_round.invitations.count(),
        "threshold": settings.SURVEY_MIN_GROUP,
        "chart": figures.chart(),
        "comments": figures.comments,
    }
    return pdf_response(
        request, "surveys/survey_document.html", context, filename=f"survey-round-{survey_round.pk}-results.pdf"
    )
