"""The respondent's page: opened from a personal link, without an account."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import add_errors

from ..forms import ResponseForm
from ..models import Invitation
from ..services import responses

SMALL_GROUP = 10  # fewer invited than this, and respondents are told how small groups are protected


@require_http_methods(["GET", "POST"])
def respond(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("survey_round__questionnaire", "person__organisation"), token=token
    )
    survey_round = invitation.survey_round
    if hasattr(invitation, "completion"):
        if request.method == "POST":  # a second tab or a double click: the first submission counted
            return redirect("surveys:respond", token=token)
        return render(request, "surveys/respond_done.html", {"survey_round": survey_round, "just_now": False})
    if not survey_round.is_open():
        return render(request, "surveys/respond_closed.html", {"survey_round": survey_round})
    form = ResponseForm(request.POST or None, questions=survey_round.questionnaire.questions.all())
    if request.method == "POST" and form.is_valid():
        try:
            responses.submit_response(invitation=invitation, answers=form.answers())
        except responses.AlreadyAnswered:
            pass  # a second tab or a double click: the first submission counts, and this one is thanked too
        except responses.RoundClosed:
            return render(request, "surveys/respond_closed.html", {"survey_round": survey_round})
        except ValidationError as error:
            add_errors(form, error)
        if not form.errors:
            return redirect("surveys:respond-done", token=token)
    invited = survey_round.invitations.count()
    return render(
        request,
        "surveys/respond.html",
        {
            "form": form,
            "survey_round": survey_round,
            "invitation": invitation,
            "small_group": invited < SMALL_GROUP,
            "threshold": settings.SURVEY_MIN_GROUP,
        },
    )


def respond_done(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("survey_round"), token=token)
    if not hasattr(invitation, "completion"):
        return redirect("surveys:respond", token=token)
    return render(request, "surveys/respond_done.html", {"survey_round": invitation.survey_round, "just_now": True})
