"""The pre-visit stakeholder survey: set up by the host from the visit page, answered through its open link."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.access import by_rule
from core.forms import add_errors
from reviews.choices import VisitStage
from reviews.models import Visit

from .. import throttle
from ..choices import StakeholderRole
from ..forms import ResponseForm, _date
from ..models import SurveyRound
from ..services import responses, stakeholders
from ..services.responses import RoundClosed


class StakeholderRoundForm(forms.Form):
    opens_on = _date("Opening date")
    closes_on = _date("Closing date", help_text="Before the visit's first day, so the team can read the views.")


class RoleForm(ResponseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "role": forms.ChoiceField(
                label="Which best describes you?",
                choices=[("", "Choose one"), *StakeholderRole.choices],
                error_messages={"required": "Choose which best describes you."},
            ),
            **self.fields,
        }


@require_http_methods(["GET", "POST"])
def stakeholder_round_create(request, pk):
    visit = get_object_or_404(Visit.objects.prefetch_related("hosts"), pk=pk)
    if not by_rule(request.user, "surveys.ask_stakeholders", visit):
        raise Http404
    if visit.stage != VisitStage.BEFORE:
        messages.error(request, stakeholders.STARTED)
        return redirect(visit)
    today = timezone.localdate()
    initial = {"opens_on": today, "closes_on": max(today, visit.starts_on - datetime.timedelta(days=3))}
    form = StakeholderRoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholders.open_round(visit=visit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The stakeholder survey is ready: share its link below.")
            return redirect(visit)
    return render(
        request,
        "surveys/stakeholder_round_form.html",
        {"form": form, "visit": visit, "threshold": settings.SURVEY_MIN_GROUP},
    )


@require_http_methods(["GET", "POST"])
def stakeholder_respond(request, token):
    survey_round = get_object_or_404(
        SurveyRound.objects.select_related("questionnaire", "visit").prefetch_related("visit__hosts"), open_token=token
    )
    context = {"survey_round": survey_round, "visit": survey_round.visit, "threshold": settings.SURVEY_MIN_GROUP}
    if survey_round.pk in throttle.answered_rounds(request):
        return render(
            request,
            "surveys/stakeholder_done.html",
            {**context, "again": True},
            status=409 if request.method == "POST" else 200,
        )
    if not survey_round.is_open():
        return render(request, "surveys/respond_closed.html", context)
    form = RoleForm(request.POST or None, questions=survey_round.questionnaire.questions.all())
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        if throttle.over_limit(request, survey_round):
            form.add_error(
                None, "Many answers have come from this network in the last hour. Send your views again later."
            )
            return render(request, "surveys/stakeholder_respond.html", context, status=429)
        try:
            responses.submit_open_response(
                survey_round=survey_round, role=form.cleaned_data["role"], answers=form.answers()
            )
        except RoundClosed:
            return render(request, "surveys/respond_closed.html", context)
        except ValidationError as error:
            add_errors(form, error)
            return render(request, "surveys/stakeholder_respond.html", context)
        response = render(request, "surveys/stakeholder_done.html", {**context, "again": False})
        throttle.remember_answer(request, response, survey_round)
        return response
    return render(request, "surveys/stakeholder_respond.html", context)
