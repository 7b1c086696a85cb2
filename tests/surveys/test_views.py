import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from authorities.choices import OrganisationKind
from surveys.aggregation import SUPPRESSED
from surveys.models import Completion, TextAnswer
from surveys.services import questionnaires, release, responses
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation, survey_round_for
from tests.facts import CI_SURVEY_STATEMENTS


@pytest.fixture
def survey(reference, ades_officer):
    visit = VisitFactory(hosts=["Angus"])
    for _ in range(3):
        MembershipFactory(visit=visit)
    return survey_round_for(visit, by=ades_officer)


def respondents(survey_round) -> int:
    return responses.respondents(survey_round)


def full_answers_of(survey_round, value=4) -> dict:
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
    return {questions[code]: value for code in CI_SURVEY_STATEMENTS}


def full_answers(value=4, **extra):
    return {f"q_{code}": value for code in CI_SURVEY_STATEMENTS} | extra


def test_unknown_link_is_404(client, reference):
    assert client.get("/s/not-a-real-token/").status_code == 404


def test_respondent_sees_radio_groups_in_fieldsets_and_the_small_group_note(client, survey):
    invitation = survey.invitations.first()

    body = " ".join(client.get(f"/s/{invitation.token}/").content.decode().split())

    assert body.count("<fieldset") == 8
    assert re.search(r"<legend>\s*1\. I enjoyed participating in the Collaborative Improvement process\.", body)
    assert '<label class="ds_radio__label" for="id_q_enjoyed_0">Strongly agree</label>' in body
    assert "Results are shown only after the survey closes, and only for groups of 5 or more" in body
    assert "The statements are reconstructed from Table 1 of the programme's final report" in html.unescape(body)


def test_missing_required_answers_are_listed_and_nothing_is_stored(client, survey):
    invitation = survey.invitations.first()

    response = client.post(f"/s/{invitation.token}/", full_answers() | {"q_openness": ""})

    assert response.context["form"].errors == {"q_openness": ["Choose an answer to question 5."]}
    assert '<a href="#id_q_openness_0">Choose an answer to question 5.</a>' in response.content.decode()
    assert (Completion.objects.count(), respondents(survey)) == (0, 0)


def test_answering_then_opening_the_link_again(client, survey):
    invitation = survey.invitations.first()

    sent = client.post(f"/s/{invitation.token}/", full_answers(3, q_improve="More time for focus groups."), follow=True)
    again = client.get(f"/s/{invitation.token}/")

    assert "Thank you: your answers are sent" in sent.content.decode()
    assert "You have already answered — thank you" in again.content.decode()
    assert respondents(survey) == 1
    assert survey.sealed_responses.count() == 1


def test_the_same_form_sent_twice_stores_one_response(client, survey):
    invitation = survey.invitations.first()

    first = client.post(f"/s/{invitation.token}/", full_answers())
    second = client.post(f"/s/{invitation.token}/", full_answers(1))

    assert (first["Location"], second["Location"]) == (f"/s/{invitation.token}/thank-you/", f"/s/{invitation.token}/")
    assert respondents(survey) == 1


def test_closed_round_says_so(client, survey, ades_officer):
    release.close_round(survey_round=survey, by=ades_officer)

    body = client.get(f"/s/{survey.invitations.first().token}/").content.decode()

    assert "This survey is closed" in body


def _respond(survey_round, count, kind_lookup=None, value=4):
    for _ in range(count):
        person = PersonFactory(organisation=organisation(**(kind_lookup or {"authority__name": "Fife"})))
        MembershipFactory(visit=survey_round.visit, person=person)
        invitation = survey_round.invitations.create(person=person)
        questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
        responses.submit_response(invitation=invitation, answers={questions[c]: value for c in CI_SURVEY_STATEMENTS})


def test_a_round_closed_with_fewer_than_five_responses_shows_no_results(client, survey, ades_officer):
    _respond(survey, 4)
    release.close_round(survey_round=survey, by=ades_officer)
    client.force_login(ades_officer)

    response = client.get(f"/surveys/rounds/{survey.pk}/results/")

    body = " ".join(response.content.decode().split())
    assert (response.context["figures"].shown, response.context["figures"].statements) == (False, [])
    assert "4 responses from 7 invited (57%). This round closed with fewer than 5 responses" in body


def test_results_show_figures_chart_and_breakdown_with_small_groups_protected(client, survey, ades_officer):
    _respond(survey, 9, {"authority__name": "Fife"}, value=4)
    _respond(survey, 4, {"kind": OrganisationKind.EDUCATION_SCOTLAND}, value=2)
    release.close_round(survey_round=survey, by=ades_officer)
    client.force_login(ades_officer)

    response = client.get(f"/surveys/rounds/{survey.pk}/results/")

    figures = response.context["figures"]
    enjoyed = figures.statements[0]
    assert (enjoyed.n, enjoyed.agreeing_percent) == (13, 69)
    assert response.context["chart"].startswith('<svg role="img"')
    by_kind = figures.by_kind
    assert by_kind.groups == ["Local authority", "Education Scotland", "ADES", "Other"]
    # ES (4) is too small, and ADES and Other are known to be empty: the nine would give ES away, so go too.
    assert [cell.shown for cell in by_kind.respondents] == [SUPPRESSED] * 4


def test_comments_appear_only_once_published(client, survey, ades_officer):
    _respond(survey, 5)
    invitation = survey.invitations.filter(completion__isnull=True).first()
    questions = {q.code: q for q in survey.questionnaire.questions.all()}
    responses.submit_response(invitation=invitation, answers={questions["improve"]: "Earlier pre-reading."})
    release.close_round(survey_round=survey, by=ades_officer)
    client.force_login(ades_officer)
    url = f"/surveys/rounds/{survey.pk}/results/"

    before = client.get(url).context["figures"].comments
    client.post(f"/surveys/rounds/{survey.pk}/comments/", {"answer": TextAnswer.objects.get().pk, "action": "publish"})
    after = client.get(url).context["figures"].comments

    assert (before, [a.text for a in after]) == ([], ["Earlier pre-reading."])


def test_the_comments_page_offers_only_the_moderations_a_comment_does_not_have(client, survey, ades_officer):
    _respond(survey, 5)
    invitation = survey.invitations.filter(completion__isnull=True).first()
    questions = {q.code: q for q in survey.questionnaire.questions.all()}
    responses.submit_response(invitation=invitation, answers={questions["improve"]: "Earlier pre-reading."})
    release.close_round(survey_round=survey, by=ades_officer)
    client.force_login(ades_officer)
    url = f"/surveys/rounds/{survey.pk}/comments/"

    def buttons() -> list[str]:
        return re.findall(r'name="action" value="(\w+)"', client.get(url).content.decode())

    waiting = buttons()
    client.post(url, {"answer": TextAnswer.objects.get().pk, "action": "publish"})
    published = buttons()
    client.post(url, {"answer": TextAnswer.objects.get().pk, "action": "hide"})
    hidden = buttons()

    assert (waiting, published, hidden) == (["publish", "hide"], ["hide"], ["publish"])
    assert (TextAnswer.objects.get().is_hidden, TextAnswer.objects.get().is_published) == (True, False)


def test_round_page_names_only_those_yet_to_answer(client, survey, ades_officer):
    answered = survey.invitations.first()
    responses.submit_response(invitation=answered, answers=full_answers_of(survey))
    client.force_login(ades_officer)

    response = client.get(f"/surveys/rounds/{survey.pk}/")

    waiting = [invitation.person_id for invitation in response.context["waiting"]]
    assert sorted(waiting) == sorted(survey.invitations.exclude(pk=answered.pk).values_list("person_id", flat=True))
    assert f'<th scope="row">{answered.person.full_name}</th>' not in response.content.decode()
    assert re.search(r"1 of 3 responded\s*\(33%\)", response.content.decode())


def test_remind_button_reminds_those_who_have_not_answered(client, survey, ades_officer):
    responses.submit_response(invitation=survey.invitations.first(), answers=full_answers_of(survey))
    client.force_login(ades_officer)

    first = client.post(f"/surveys/rounds/{survey.pk}/remind/", follow=True)
    second = client.post(f"/surveys/rounds/{survey.pk}/remind/", follow=True)

    assert [str(m) for m in first.context["messages"]] == ["2 reminders sent to those who have not answered."]
    assert [str(m) for m in second.context["messages"]] == [
        "Nobody needed a reminder: everyone has answered or was reminded today."
    ]


def test_open_a_round_from_a_visit(client, reference, ades_officer):
    visit = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2026, 3, 3))
    MembershipFactory(visit=visit)
    client.force_login(ades_officer)
    today = datetime.date.today()

    response = client.post(
        f"/surveys/rounds/new/?visit={visit.pk}",
        {
            "questionnaire": questionnaires.load_ci_questionnaire().pk,
            "cohort": "final",
            "opens_on": today.strftime("%d/%m/%Y"),
            "closes_on": (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
        },
    )

    assert response.context["form"].errors == {"closes_on": ["The closing date must be on or after the opening date."]}


@pytest.mark.parametrize(
    "path",
    [
        "/surveys/",
        "/surveys/rounds/{pk}/",
        "/surveys/rounds/{pk}/results/",
        "/surveys/rounds/{pk}/comments/",
        "/surveys/rounds/{pk}/results.csv",
    ],
)
@pytest.mark.parametrize("reader", ["ades_officer", "fife_officer"])
def test_query_counts_do_not_grow_with_responses_or_rounds(client, reference, ades_officer, path, reader):
    fife_officer = PersonFactory(role="authority_officer", organisation=organisation(authority__name="Fife"))
    client.force_login({"ades_officer": ades_officer, "fife_officer": fife_officer}[reader])
    small = survey_round_for(VisitFactory(hosts=["Fife"]), by=ades_officer, cohort="small")
    large = survey_round_for(VisitFactory(hosts=["Fife"]), by=ades_officer, cohort="large")
    _respond(small, 5)
    _respond(large, 40, value=3)
    for survey_round in (small, large):
        release.close_round(survey_round=survey_round, by=ades_officer)
    with CaptureQueriesContext(connection) as with_few:
        client.get(path.format(pk=small.pk))
    for host in ("Angus", "Moray", "Highland", "Fife"):  # more released rounds in the cohorts compared
        more = survey_round_for(VisitFactory(hosts=[host]), by=ades_officer, cohort=host)
        _respond(more, 6)
        release.close_round(survey_round=more, by=ades_officer)

    with CaptureQueriesContext(connection) as with_many:
        response = client.get(path.format(pk=large.pk))

    assert response.status_code == (404 if reader == "fife_officer" and path.count("results") == 0 else 200)
    assert len(with_few) == len(with_many)


def test_a_round_that_opens_before_the_visit_ends_is_warned_and_opens_only_when_confirmed(
    client, reference, ades_officer
):
    today = datetime.date.today()
    visit = VisitFactory(hosts=["Fife"], starts_on=today + datetime.timedelta(days=7))
    MembershipFactory(visit=visit)
    client.force_login(ades_officer)
    fields = {
        "questionnaire": questionnaires.load_ci_questionnaire().pk,
        "cohort": "final",
        "opens_on": today.strftime("%d/%m/%Y"),
        "closes_on": (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
    }

    form = client.get(f"/surveys/rounds/new/?visit={visit.pk}").context["form"]
    warned = client.post(f"/surveys/rounds/new/?visit={visit.pk}", fields)
    confirmed = client.post(f"/surveys/rounds/new/?visit={visit.pk}", {**fields, "open_early": "on", "send": "yes"})

    ends = visit.ends_on
    assert form["opens_on"].initial == ends + datetime.timedelta(days=1)  # the default is the day after
    assert warned.context["form"].errors == {
        "opens_on": [
            f"The visit ends on {ends:%-d %B %Y}: a round that opens before then asks the team about a visit they "
            "have not finished. Choose a later date, or tick the box below to open it anyway."
        ]
    }
    assert "Open the round before the visit has ended (I have a reason)" in warned.content.decode()
    assert confirmed.status_code == 302
    assert visit.survey_rounds.count() == 1


def test_a_phase_round_shows_the_count_and_first_email_and_sends_only_when_confirmed(
    client, reference, ades_officer, mailoutbox, django_capture_on_commit_callbacks
):
    from surveys.models import SurveyRound

    first = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2026, 3, 3))
    phase = first.phase
    second = VisitFactory(hosts=["Moray"], phase=phase, starts_on=datetime.date(2026, 4, 14))
    cancelled = VisitFactory(
        hosts=["Angus"],
        phase=phase,
        starts_on=datetime.date(2026, 5, 5),
        status="cancelled",
        cancellation_reason="Snow",
    )
    MembershipFactory(visit=first, person=PersonFactory(full_name="Aileen Baird"))
    MembershipFactory(visit=second, person=PersonFactory(full_name="Calum Dunn"))
    MembershipFactory(visit=cancelled, person=PersonFactory(full_name="Not Asked"))
    client.force_login(ades_officer)
    url = f"/surveys/rounds/new/?phase={phase.pk}"
    today = datetime.date.today()
    fields = {
        "questionnaire": questionnaires.load_ci_questionnaire().pk,
        "cohort": "final",
        "opens_on": today.strftime("%d/%m/%Y"),
        "closes_on": (today + datetime.timedelta(days=14)).strftime("%d/%m/%Y"),
        "submission_key": "phase-round",
    }

    with django_capture_on_commit_callbacks(execute=True):
        preview = client.post(url, fields)
        changed = client.post(url, {**fields, "change": "yes"})
    stored_before = (SurveyRound.objects.count(), len(mailoutbox))
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**fields, "send": "yes"})
        again = client.post(url, {**fields, "send": "yes"})

    page = " ".join(html.unescape(preview.content.decode()).split())
    survey_round = SurveyRound.objects.get()
    assert "2 people will each get an email like this one, with their own link." in page
    assert "The first email, to Aileen Baird" in page
    assert "Hello Aileen Baird," in page
    assert "Your personal link (please do not share it; it works once):<br>[their own link, made when the" in page
    assert changed.context["form"]["cohort"].value() == "final"
    assert changed.templates[0].name == "surveys/round_form.html"
    assert stored_before == (0, 0)
    assert (sent["Location"], again["Location"]) == (survey_round.get_absolute_url(),) * 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        survey_round.invitations.values_list("person__email", flat=True)
    )
    assert survey_round.invitations.count() == 2


@pytest.mark.parametrize(
    "url",
    [
        "/surveys/rounds/new/?visit=abc",
        "/surveys/rounds/new/?follows=1x",
        "/surveys/rounds/new/?phase=-1",
        "/surveys/rounds/new/?visit=²",
    ],
)
def test_a_round_chosen_by_something_that_is_not_a_number_is_not_found(client, ades_officer, url):
    client.force_login(ades_officer)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("key", ["not-a-uuid", "", "00000000-0000-0000-0000-000000000000"])
def test_moderating_a_comment_that_is_not_one_is_not_found(client, survey, ades_officer, key):
    _respond(survey, 5)
    release.close_round(survey_round=survey, by=ades_officer)
    client.force_login(ades_officer)

    assert (
        client.post(f"/surveys/rounds/{survey.pk}/comments/", {"answer": key, "action": "publish"}).status_code == 404
    )


def test_once_closed_the_round_page_no_longer_names_who_did_not_answer(client, survey, ades_officer):
    _respond(survey, 5)
    waiting = survey.invitations.filter(completion__isnull=True).select_related("person").first().person
    client.force_login(ades_officer)
    while_open = client.get(f"/surveys/rounds/{survey.pk}/").content.decode()
    release.close_round(survey_round=survey, by=ades_officer)

    closed = " ".join(html.unescape(client.get(f"/surveys/rounds/{survey.pk}/").content.decode()).split())

    assert waiting.full_name in while_open
    assert waiting.full_name not in closed
    assert "3 of the 8 invited did not respond. They are named only while the round is open" in closed
    assert "Start a follow-on round" in closed


def test_a_comment_of_nothing_but_spaces_and_invisible_marks_is_no_answer(client, survey):
    invitation = survey.invitations.first()
    for question in survey.questionnaire.questions.filter(kind="likert4"):
        question.required = False
        question.save()

    response = client.post(f"/s/{invitation.token}/", {"q_improve": "\u200b \u200d\u00a0"})

    assert response.context["form"].non_field_errors() == ["Answer at least one question before sending."]
    assert (Completion.objects.count(), respondents(survey)) == (0, 0)


def test_the_visit_page_leads_the_hosts_officer_to_the_results_they_may_read(client, survey, ades_officer):
    host = PersonFactory(role="authority_officer", organisation=organisation(authority__name="Angus"))
    client.force_login(host)
    collecting = " ".join(client.get(survey.visit.get_absolute_url()).content.decode().split())
    _respond(survey, 5)
    release.close_round(survey_round=survey, by=ades_officer)

    released = client.get(survey.visit.get_absolute_url()).content.decode()
    client.force_login(survey.visit.team.first().person)  # a team member: the team's survey is not theirs to read
    member = client.get(survey.visit.get_absolute_url())

    assert "Collaborative Improvement participant survey, final: Results appear when the round closes" in collecting
    assert f'<a href="/surveys/rounds/{survey.pk}/results/">the results' in released
    assert member.status_code == 200
    assert "The team's survey" not in member.content.decode()
    assert "The team's survey" in released
