"""The pre-visit stakeholder survey: an open link the host sets up, one answer per browser, a limit per network,
results only after closing and only for groups of at least the threshold, by the role respondents give."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from authorities.choices import Role
from surveys import stakeholders
from surveys.models import Response, SurveyRound
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation

TODAY = datetime.date.today()


@pytest.fixture
def visit(reference):
    return VisitFactory(
        hosts=["Angus"],
        starts_on=TODAY + datetime.timedelta(days=21),
        key_question="How well do we support attendance?",
    )


@pytest.fixture
def host(reference):
    return PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus"))


@pytest.fixture
def survey(visit, host):
    return stakeholders.open_round(visit=visit, opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=14), by=host)


def answer(client, survey, role="head_teacher", **extra):
    data = {"role": role, "q_supported": "4", "q_listened": "3", "q_working_well": "Breakfast clubs", **extra}
    return client.post(reverse("surveys:stakeholder-respond", kwargs={"token": survey.open_token}), data)


def test_the_host_sets_it_up_to_close_before_day_one_and_shares_the_link(client, visit, host):
    client.force_login(host)
    url = reverse("surveys:stakeholder-round-create", kwargs={"pk": visit.pk})
    fmt = "%d/%m/%Y"

    late = client.post(url, {"opens_on": TODAY.strftime(fmt), "closes_on": visit.starts_on.strftime(fmt)})
    made = client.post(
        url,
        {"opens_on": TODAY.strftime(fmt), "closes_on": (visit.starts_on - datetime.timedelta(days=1)).strftime(fmt)},
    )
    page = client.get(visit.get_absolute_url()).content.decode()

    assert late.context["form"].errors == {
        "closes_on": [
            f"Close the survey before the visit's first day ({visit.starts_on:%-d %B %Y}), "
            "so the team can read the views first."
        ]
    }
    survey = SurveyRound.objects.get(visit=visit)
    assert made.status_code == 302
    assert f"http://testserver/v/{survey.open_token}/</code>" in page
    assert "Results appear when the round closes, if 5 or more people responded." in page


def test_one_answer_per_browser_and_a_forwarded_link_from_another_browser_counts_once(survey):
    browser, other = Client(), Client()

    first = answer(browser, survey)
    again = answer(browser, survey, role="partner")
    elsewhere = answer(other, survey, role="partner")

    assert (first.status_code, again.status_code, elsewhere.status_code) == (200, 409, 200)
    assert "This browser has already sent its views" in again.content.decode()
    assert sorted(Response.objects.values_list("respondent_kind", flat=True)) == ["head_teacher", "partner"]
    assert browser.cookies[stakeholders.COOKIE]["httponly"] is True


def test_a_network_over_its_hourly_limit_is_refused_and_keeps_what_was_typed(survey, monkeypatch):
    monkeypatch.setattr(stakeholders, "PER_ADDRESS_PER_HOUR", 2)

    statuses = [answer(Client(), survey).status_code for _ in range(2)]
    refused = answer(Client(), survey, q_improve="More time with families")

    assert (statuses, refused.status_code, Response.objects.count()) == ([200, 200], 429, 2)
    assert "Many answers have come from this network in the last hour." in refused.content.decode()
    assert "More time with families" in refused.content.decode()


def test_a_missing_role_is_asked_for_beside_the_field_and_nothing_is_stored(survey):
    response = answer(Client(), survey, role="")

    assert response.context["form"].errors == {"role": ["Choose which best describes you."]}
    assert Response.objects.count() == 0


def test_results_reach_the_team_only_after_closing_and_only_for_groups_of_five(client, survey, visit):
    for role in ["head_teacher"] * 5 + ["school_staff"] * 5 + ["partner", "parents_group"]:
        answer(Client(), survey, role=role)
    member = MembershipFactory(visit=visit).person
    client.force_login(member)
    while_open = client.get(visit.get_absolute_url()).content.decode()
    SurveyRound.objects.filter(pk=survey.pk).update(
        opens_on=TODAY - datetime.timedelta(days=9), closes_on=TODAY - datetime.timedelta(days=1)
    )

    after = " ".join(client.get(visit.get_absolute_url()).content.decode().split())

    assert "Results appear when the round closes, if 5 or more people responded." in while_open
    assert "By who answered: share agreeing" in after
    assert '<th scope="col">Head teacher</th>' in after
    responses_row = after.split('<th scope="row">Responses</th>')[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in responses_row.split("<td>")[1:]]
    # Head teachers, school staff, partners, pupils' groups, parents' groups, other: two small groups hide each other.
    assert cells == ["5", "5", *["fewer than 5 responses"] * 4]
    assert "/v/" not in after  # the link is for those who run it


def test_a_closed_link_says_so(client, survey):
    SurveyRound.objects.filter(pk=survey.pk).update(
        opens_on=TODAY - datetime.timedelta(days=9), closes_on=TODAY - datetime.timedelta(days=1)
    )

    response = answer(Client(), survey)

    assert Response.objects.count() == 0
    assert response.status_code == 200
    assert "closed" in response.content.decode().lower()


def test_the_visit_pack_carries_the_views_under_the_same_rules(client, survey, visit, host, settings, tmp_path):
    from tests.reports.test_case_studies import pdf_text

    settings.MEDIA_ROOT = tmp_path
    for role in ["head_teacher"] * 5 + ["school_staff"] * 5 + ["partner", "parents_group"]:
        answer(Client(), survey, role=role)
    client.force_login(host)
    url = reverse("reviews:visit-pack", kwargs={"pk": visit.pk})
    while_open = pdf_text(client.get(url).content)
    SurveyRound.objects.filter(pk=survey.pk).update(
        opens_on=TODAY - datetime.timedelta(days=9), closes_on=TODAY - datetime.timedelta(days=1)
    )

    closed = pdf_text(client.get(url).content)

    assert "Results appear when the round closes, if 5 or more people responded." in while_open
    assert "Share agreeing, by who answered" in closed
    assert "Responses 5 5 fewer than 5 responses fewer than 5 responses" in closed
