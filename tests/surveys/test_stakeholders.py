"""The pre-visit stakeholder survey: an open link the host sets up, one answer per browser, a limit per network,
results only after closing, only for groups of at least the threshold, by the role respondents give, and never to
those who hand the link out."""

import datetime
import html
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from authorities.choices import Role
from core import retention
from reports.services import drafting as reports
from surveys import sealing, throttle
from surveys.models import SurveyRound
from surveys.services import stakeholders
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation, with_totp

TODAY = datetime.date.today()
COLLECTING = "Results appear when the round closes, if 5 or more people responded."
NOT_THE_HOSTS = "The stakeholders' answers are read after the survey closes by ADES officers and the team's members"


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


def respondents(survey) -> dict:
    """Those who answered, by the role they gave, as the sealed responses hold them (read here with the key)."""
    sealed = survey.sealed_responses.values_list("sealed", flat=True)
    return dict(Counter(sealing.unseal(response)["kind"] for response in sealed))


def close_by_date(survey):
    SurveyRound.objects.filter(pk=survey.pk).update(
        opens_on=TODAY - datetime.timedelta(days=9), closes_on=TODAY - datetime.timedelta(days=1)
    )


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_the_host_sets_it_up_to_close_before_day_one_and_shares_the_link(client, visit, host):
    client.force_login(host)
    url = reverse("surveys:stakeholder-round-create", kwargs={"pk": visit.pk})
    fmt = "%d/%m/%Y"

    form = text(client.get(url))
    late = client.post(url, {"opens_on": TODAY.strftime(fmt), "closes_on": visit.starts_on.strftime(fmt)})
    made = client.post(
        url,
        {"opens_on": TODAY.strftime(fmt), "closes_on": (visit.starts_on - datetime.timedelta(days=1)).strftime(fmt)},
    )
    page = client.get(visit.get_absolute_url()).content.decode()

    assert "You share the link, so you will not see the answers" in form
    assert late.context["form"].errors == {
        "closes_on": [
            f"Close the survey before the visit's first day ({visit.starts_on:%-d %B %Y}), "
            "so the team can read the views first."
        ]
    }
    survey = SurveyRound.objects.get(visit=visit)
    assert made.status_code == 302
    assert f"http://testserver/v/{survey.open_token}/</code>" in page
    assert NOT_THE_HOSTS in html.unescape(page)


def test_ades_officers_neither_open_a_stakeholder_survey_nor_see_its_link(client, survey, visit, ades_officer):
    client.force_login(ades_officer)

    create = client.get(reverse("surveys:stakeholder-round-create", kwargs={"pk": visit.pk}))
    page = text(client.get(visit.get_absolute_url()))

    assert create.status_code == 404
    assert survey.open_token not in page
    assert COLLECTING in page


def test_the_respondent_is_told_who_reads_the_answers(survey):
    page = text(Client().get(reverse("surveys:stakeholder-respond", kwargs={"token": survey.open_token})))

    assert (
        "After the survey closes, ADES officers and the visit team's members independent of Angus read the results by "
        "role, and only for roles with 5 or more answers. The officers and staff of Angus, who share this link, never "
        "see the answers." in page
    )
    assert "your network address is kept only as a code, for an hour, to limit repeated answers" in page


def test_one_answer_per_browser_and_a_forwarded_link_from_another_browser_counts_once(survey):
    browser, other = Client(), Client()

    first = answer(browser, survey)
    again = answer(browser, survey, role="partner")
    elsewhere = answer(other, survey, role="partner")

    assert (first.status_code, again.status_code, elsewhere.status_code) == (200, 409, 200)
    assert "This browser has already sent its views" in again.content.decode()
    assert respondents(survey) == {"head_teacher": 1, "partner": 1}
    assert browser.cookies[throttle.COOKIE]["httponly"] is True


def test_an_answer_that_says_nothing_is_refused_and_never_counts(survey):
    empty = answer(Client(), survey, q_supported="", q_listened="", q_working_well="")

    assert empty.context["form"].non_field_errors() == ["Answer at least one question before sending."]
    assert respondents(survey) == {}


def test_a_network_over_its_hourly_limit_is_refused_and_keeps_what_was_typed(survey, monkeypatch):
    monkeypatch.setattr(throttle, "PER_ADDRESS_PER_HOUR", 2)

    statuses = [answer(Client(), survey).status_code for _ in range(2)]
    refused = answer(Client(), survey, q_improve="More time with families")

    assert (statuses, refused.status_code, respondents(survey)) == ([200, 200], 429, {"head_teacher": 2})
    assert "Many answers have come from this network in the last hour." in refused.content.decode()
    assert "More time with families" in refused.content.decode()


def _cache_rows() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM ci_portal_cache WHERE cache_key LIKE %s", ["%stakeholder-limit%"])
        return cursor.fetchall()


def test_the_limit_keeps_no_network_address_and_retention_removes_it_once_expired(survey):
    answer(Client(REMOTE_ADDR="203.0.113.7"), survey)
    answer(Client(REMOTE_ADDR="203.0.113.8"), survey)
    rows = _cache_rows()
    with connection.cursor() as cursor:  # an hour later
        cursor.execute("UPDATE ci_portal_cache SET expires = expires - interval '2 hours'")

    done = dict(retention.apply())

    assert len(rows) == 2
    assert [key for key, _ in rows if "203.0.113" in key] == []
    assert _cache_rows() == []
    assert done["Expired cache entries, deleted"] == 2


def test_results_reach_those_outside_the_host_only_after_closing_and_only_for_groups_of_five(client, survey, visit):
    for role in ["head_teacher"] * 5 + ["school_staff"] * 5 + ["partner", "parents_group"]:
        answer(Client(), survey, role=role)
    member = MembershipFactory(visit=visit).person  # Education Scotland: from outside Angus
    client.force_login(member)
    while_open = text(client.get(visit.get_absolute_url()))
    close_by_date(survey)

    after = text(client.get(visit.get_absolute_url()))

    assert COLLECTING in while_open
    assert "By who answered: share agreeing" in after
    assert '<th scope="col">Head teacher</th>' in after
    responses_row = after.split('<th scope="row">Responses</th>')[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in responses_row.split("<td>")[1:]]
    # Head teachers, school staff, partners, pupils' groups, parents' groups, other. The partner and the parents'
    # group are two people, worked out together from the total: the head teachers are withheld with them.
    assert cells == ["fewer than 5 responses", "5", *["fewer than 5 responses"] * 4]
    assert "/v/" not in after  # the link is for those who run it


def test_a_closed_link_says_so(client, survey):
    close_by_date(survey)

    response = answer(Client(), survey)

    assert respondents(survey) == {}
    assert response.status_code == 200
    assert "This survey is closed" in response.content.decode()


def test_the_visit_pack_carries_the_views_under_the_same_rules(client, survey, visit, host, settings, tmp_path):
    from tests.reports.test_case_studies import pdf_text

    settings.MEDIA_ROOT = tmp_path
    for role in ["head_teacher"] * 5 + ["school_staff"] * 5 + ["partner", "parents_group"]:
        answer(Client(), survey, role=role)
    member = MembershipFactory(visit=visit).person
    url = reverse("reviews:visit-pack", kwargs={"pk": visit.pk})
    client.force_login(member)
    while_open = pdf_text(client.get(url).content)
    close_by_date(survey)

    closed = pdf_text(client.get(url).content)
    client.force_login(host)
    for_the_host = pdf_text(client.get(url).content)

    assert COLLECTING in while_open
    assert "Share agreeing, by who answered (12 people)" in closed
    assert "Responses fewer than 5 responses 5 fewer than 5 responses fewer than 5 responses" in closed
    assert "Share agreeing" not in for_the_host
    assert "never by the officers and staff of Angus, who share the link" in for_the_host


# --- The k-fakes attack ---------------------------------------------------------------------------------------


@pytest.fixture
def readers(visit, host):
    """Everyone who may open the visit's page: two who could have handed out the link, and two who could not."""
    angus_staff = PersonFactory(organisation=organisation(authority__name="Angus"))
    MembershipFactory(visit=visit, person=angus_staff)
    external = PersonFactory(organisation=organisation(authority__name="Fife"))
    MembershipFactory(visit=visit, person=external)
    ades = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))
    return {"host officer": host, "host staff on the team": angus_staff, "external member": external, "ades": ades}


def everything_read(client, survey, visit, reader, settings, tmp_path) -> dict[str, str | int]:
    """Every page, download, document and report that could carry a stakeholder figure, as one reader sees it."""
    from tests.reports.test_case_studies import pdf_text

    settings.MEDIA_ROOT = tmp_path
    client.force_login(reader)
    base = f"/surveys/rounds/{survey.pk}/"
    seen: dict[str, str | int] = {"visit page": text(client.get(visit.get_absolute_url()))}
    pack = client.get(reverse("reviews:visit-pack", kwargs={"pk": visit.pk}))
    seen["visit pack"] = pdf_text(pack.content)
    for path in ["", "results/", "results.csv", "results.xlsx", "results.pdf", "comments/"]:
        response = client.get(base + path)
        if response.status_code != 200:
            seen[path or "round page"] = response.status_code
        elif path.endswith(".xlsx"):
            seen[path] = xlsx_text(response.content)
        else:
            seen[path or "round page"] = pdf_text(response.content) if path.endswith(".pdf") else text(response)
    return seen


def xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)


FIGURES = ("% of", "Strongly agree", "Share agreeing", "By who answered")


def test_whoever_could_hand_out_the_link_cannot_read_a_real_answer_by_answering_it_themselves(
    client, survey, visit, readers, settings, tmp_path
):
    answer(Client(), survey, role="head_teacher", q_supported="1", q_listened="1", q_working_well="")  # the real one
    for _ in range(4):  # the fakes, from fresh browsers, well within the network's limit
        answer(Client(), survey, role="head_teacher", q_supported="4", q_listened="4", q_working_well="")
    close_by_date(survey)

    seen = {
        name: everything_read(client, survey, visit, person, settings, tmp_path) for name, person in readers.items()
    }

    for name in ("host officer", "host staff on the team"):
        shown = [(place, figure) for place, page in seen[name].items() for figure in FIGURES if figure in str(page)]
        assert shown == [], name
        assert NOT_THE_HOSTS in seen[name]["visit page"]
        assert {place: page for place, page in seen[name].items() if isinstance(page, int)} == {
            "round page": 404,
            "results/": 404,
            "results.csv": 404,
            "results.xlsx": 404,
            "results.pdf": 404,
            "comments/": 404,
        }
    # Those who were never given the link read the five, the fakes among them, as the threshold allows.
    for name in ("external member", "ades"):
        assert "Head teacher" in seen[name]["visit page"]
        assert "80% of 5" in seen[name]["visit page"]
    assert "80% of 5" in seen["ades"]["results/"]
    assert seen["external member"]["results/"] != 404


def test_empty_fakes_do_not_reach_the_threshold(client, survey, visit, readers):
    answer(Client(), survey, role="head_teacher", q_supported="1", q_listened="1", q_working_well="")
    refused = [
        answer(Client(), survey, role="head_teacher", q_supported="", q_listened="", q_working_well="").status_code
        for _ in range(4)
    ]
    close_by_date(survey)
    client.force_login(readers["ades"])

    page = text(client.get(visit.get_absolute_url()))

    assert refused == [200] * 4  # the form again, with its error
    assert respondents(survey) == {"head_teacher": 1}
    assert "This round closed with fewer than 5 responses, so no results are shown" in page


def test_stakeholder_views_stay_out_of_the_report_its_pdf_and_the_published_record(
    client, survey, visit, host, readers, settings, tmp_path, django_capture_on_commit_callbacks
):
    from tests.reports.test_case_studies import pdf_text
    from tests.reports.test_workflow import DRAFT

    settings.MEDIA_ROOT = tmp_path
    for role in ["head_teacher"] * 6:
        answer(Client(), survey, role=role)
    close_by_date(survey)
    client.force_login(readers["ades"])
    assert "100% of 6" in text(client.get(visit.get_absolute_url()))  # released: the team reads it

    with django_capture_on_commit_callbacks(execute=True):
        report = reports.start_report(visit=visit, by=host)
        reports.save_draft(report=report, by=host, **DRAFT)
        preview = reports.snapshot(report)
        reports.submit_report(report=report, by=host)
        reports.publish_report(report=report, by=readers["ades"])
    version = report.versions.get()
    client.logout()
    public = text(client.get(reverse("reports:report-detail", kwargs={"pk": report.pk})))
    index = client.get("/reports/index.json").content.decode()
    with version.pdf.open("rb") as handle:
        pdf = pdf_text(handle.read())

    assert (preview["survey"], version.content["survey"]) == (None, None)
    assert [title for _, title in version.content["sections"]].count("Participants' views") == 0
    for place in (public, index, pdf, version.search_text):
        assert "Head teacher" not in place
        assert "100% of" not in place
        assert "Participants' views" not in place


def test_its_round_page_lists_nobody_and_a_reopening_still_closes_before_day_one(client, survey, visit, ades_officer):
    from django.core.exceptions import ValidationError

    from surveys.services import release

    client.force_login(ades_officer)
    page = text(client.get(f"/surveys/rounds/{survey.pk}/"))
    release.close_round(survey_round=survey, by=ades_officer)  # nobody answered: it may reopen

    with pytest.raises(ValidationError) as late:
        release.reopen_round(survey_round=survey, closes_on=visit.starts_on, by=ades_officer)

    assert "Answered through an open link that the host authority shares, with no invitations" in page
    assert "Remind those who have not responded" not in page
    assert "Who has not responded" not in page
    assert late.value.message_dict == {
        "closes_on": [f"Close it before the visit's first day ({visit.starts_on:%-d %B %Y})."]
    }


def test_those_outside_the_host_reach_every_statement_from_the_visit_page(client, survey, visit):
    for _ in range(6):
        answer(Client(), survey, role="head_teacher")
    close_by_date(survey)
    member = MembershipFactory(visit=visit).person
    client.force_login(member)

    page = client.get(visit.get_absolute_url()).content.decode()
    results = text(client.get(f"/surveys/rounds/{survey.pk}/results/"))

    assert f'<a href="/surveys/rounds/{survey.pk}/results/">All the stakeholders' in page
    assert "6 responses through the open link." in results
    assert "The education service supports the children and young people I work with" in results
    assert "Strongly agree: 6 (100%)" in results


def test_a_superuser_is_given_neither_the_link_nor_the_figures_for_being_one(client, survey, visit):
    for _ in range(6):
        answer(Client(), survey, role="head_teacher")
    root = PersonFactory(email="root@example.scot", organisation=organisation(authority__name="Angus"))
    root.is_superuser = True
    root.save()
    with_totp(root)  # as every superuser holds one
    client.force_login(root)
    before_closing = text(client.get(visit.get_absolute_url()))
    close_by_date(survey)

    page = client.get(visit.get_absolute_url())
    results = client.get(f"/surveys/rounds/{survey.pk}/results/")

    assert (page.status_code, results.status_code) == (200, 200)  # data maintenance's superuser sees every page
    assert survey.open_token not in before_closing
    assert "100% of 6" not in text(page)
    assert "100%" not in text(results)
    assert NOT_THE_HOSTS in text(results)


def test_no_round_follows_on_from_a_stakeholder_survey(client, survey, ades_officer):
    from django.core.exceptions import ValidationError

    from surveys.services import rounds

    client.force_login(ades_officer)

    page = client.get(f"/surveys/rounds/new/?follows={survey.pk}")

    assert page.status_code == 404
    with pytest.raises(ValidationError):
        rounds.open_round(
            questionnaire=survey.questionnaire,
            cohort="again",
            opens_on=TODAY,
            closes_on=TODAY,
            by=ades_officer,
            follows=survey,
        )


def test_a_partner_on_the_team_or_someone_linked_to_the_host_reads_no_figures(client, survey, visit):
    from authorities.models import Authority, DeclaredLink, Organisation

    for _ in range(6):
        answer(Client(), survey, role="head_teacher")
    close_by_date(survey)
    partner = PersonFactory(organisation=Organisation.objects.create(name="Angus Carers Trust", kind="partner"))
    seconded = PersonFactory()  # Education Scotland, seconded to Angus
    DeclaredLink.objects.create(person=seconded, authority=Authority.objects.get(name="Angus"), kind="seconded")
    independent = PersonFactory()
    seen = {}
    for name, person in (("partner", partner), ("seconded", seconded), ("independent", independent)):
        MembershipFactory(visit=visit, person=person)
        client.force_login(person)
        seen[name] = text(client.get(visit.get_absolute_url()))

    # The host asks partners for their views, and may hand the link to whoever is linked to it.
    assert ["100% of 6" in seen[name] for name in ("partner", "seconded", "independent")] == [False, False, True]
    assert NOT_THE_HOSTS in seen["partner"]


def test_behind_the_front_server_each_stakeholder_is_limited_by_their_own_address(survey, monkeypatch, settings):
    monkeypatch.setattr(throttle, "PER_ADDRESS_PER_HOUR", 1)
    settings.BEHIND_HTTPS_PROXY = True

    def via_the_front_server(address):
        # The front server connects from 10.0.0.2 and adds the address it saw; a client may send one of its own.
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"198.51.100.9, {address}")

    first = answer(via_the_front_server("203.0.113.1"), survey).status_code
    second = answer(via_the_front_server("203.0.113.2"), survey).status_code
    again = answer(via_the_front_server("203.0.113.1"), survey).status_code

    assert (first, second, again) == (200, 200, 429)
