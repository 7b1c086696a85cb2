"""What surveys adds to the pages of apps below it: its links (core.links) and its page sections (core.sections)."""

from django.conf import settings
from django.urls import reverse

from core.access import by_rule
from reviews.choices import VisitStage
from reviews.models import Phase, Programme, Visit

from . import results
from .models import SurveyRound
from .selectors import waiting_for


def survey_teams(objects) -> dict:
    """{pk: (text, url)}: the link to survey the team of a visit, or every team of a phase or a programme."""
    url = reverse("surveys:round-create")
    found = {}
    for obj in objects:
        if isinstance(obj, Visit):
            found[obj.pk] = ("Survey the team", f"{url}?visit={obj.pk}")
        elif isinstance(obj, Phase):
            found[obj.pk] = (f"Survey every team in {obj.name}", f"{url}?phase={obj.pk}")
        elif isinstance(obj, Programme):
            found[obj.pk] = ("Survey every team", f"{url}?programme={obj.pk}")
    return found


def visit_rounds(request, visit):
    """The visit page's team surveys, for those who may read their results: each round's state, and its results."""
    rounds = [
        survey_round
        for survey_round in visit.survey_rounds.filter(open_token__isnull=True).select_related("questionnaire")
        if by_rule(request.user, "surveys.view_results", survey_round)
    ]
    if not rounds:
        return None
    return {"rounds": [(survey_round, results.why_not(survey_round)) for survey_round in rounds]}


def _stakeholder_round(visit):
    return (
        SurveyRound.objects.filter(visit=visit, open_token__isnull=False)
        .select_related("questionnaire", "visit")
        .prefetch_related("visit__hosts")
        .first()
    )


def visit_stakeholders(request, visit):
    """The visit page's stakeholder survey: its link for the host's officers who share it; its results, once
    released, for those who could not have shared it (results.py)."""
    survey_round = _stakeholder_round(visit)
    can_ask = visit.stage == VisitStage.BEFORE and by_rule(request.user, "surveys.ask_stakeholders", visit)
    if survey_round is None and not can_ask:
        return None
    context = {"visit": visit, "stakeholder_round": survey_round, "can_ask": can_ask}
    context["threshold"] = settings.SURVEY_MIN_GROUP
    if survey_round is not None:
        url = reverse("surveys:stakeholder-respond", kwargs={"token": survey_round.open_token})
        context["link"] = request.build_absolute_uri(url) if can_ask else ""
        context["figures"] = results.for_reader(survey_round, request.user)
    return context


def pack_stakeholders(request, visit):
    """The visit pack's stakeholders' views: the same results, under the same rules, as the visit page shows."""
    survey_round = _stakeholder_round(visit)
    if survey_round is None:
        return None
    return {"stakeholder_round": survey_round, "figures": results.for_reader(survey_round, request.user)}


def my_waiting_surveys(request, person) -> dict | None:
    """On My visits: the surveys waiting for the person's answer, each a link."""
    waiting = list(waiting_for(person))
    return {"waiting": waiting} if waiting else None
