"""The 2021–24 visits say what the final report records, and "not recorded" for what it does not."""

import html
import re

import pytest

from reports.services.case_studies import load_case_studies
from reviews.models import Theme, Visit
from reviews.services.importing import load_ci_programme
from tests.factories import ThemeFactory, VisitFactory

APPENDIX_1 = "The Collaborative Improvement programme final report (ADES and Education Scotland, 2025), Appendix 1"


@pytest.fixture
def history(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_ci_programme()
    load_case_studies()


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def visit_of(host: str) -> Visit:
    return Visit.objects.get(programme__slug="ci-2021-2024", hosts__name=host)


def test_every_2021_24_visit_names_its_source(history):
    assert set(Visit.objects.values_list("source", flat=True)) == {APPENDIX_1}


def test_a_historic_visit_says_not_recorded_never_pending(client, history, ades_officer):
    client.force_login(ades_officer)
    body = text(client.get(visit_of("Fife").get_absolute_url()))

    assert f"Source: {APPENDIX_1}. It gives the host, the month and the theme;" in body
    assert re.search(r"Key question</dt> <dd class=\"ds_summary-list__value\"> Not recorded </dd>", body)
    assert "Not recorded: the source does not name the team." in body
    assert "Not agreed yet" not in body
    assert "The team has" not in body
    assert "No one is on the team yet" not in body


def test_a_visit_being_planned_is_pending_not_unrecorded(client, reference, ades_officer):
    visit = VisitFactory(hosts=["Fife"], status="confirmed")
    client.force_login(ades_officer)

    body = text(client.get(visit.get_absolute_url()))

    assert "Not agreed yet" in body
    assert "No one is on the team yet." in body
    assert "Not recorded" not in body


def test_perth_and_kinross_records_the_authorities_that_supported_it_without_people(client, history, ades_officer):
    client.force_login(ades_officer)
    visit = visit_of("Perth and Kinross")

    body = text(client.get(visit.get_absolute_url()))

    assert [(r.organisation.name, r.people_together) for r in visit.team_organisations.all()] == [
        ("ADES", 5),
        ("Education Scotland", 5),
        ("Glasgow City Council", None),
        ("South Ayrshire Council", None),
        ("South Lanarkshire Council", None),
    ]
    assert visit.team.count() == 0
    assert (
        "It names 3 organisations that supported the visit, without naming anyone: "
        "</p> <ul> <li>Glasgow City Council</li><li>South Ayrshire Council</li><li>South Lanarkshire Council</li> </ul>"
    ) in body
    # "Five representatives from both" may be five in all or five from each: quoted, not read as either.
    assert (
        "It gives the people from these organisations only in its own words, quoted below, and names no one. It does "
        "not say how many came from each organisation: </p> <ul> <li>ADES</li><li>Education Scotland</li> </ul> "
        "<p>Source: The final report's Appendix 2, "
        "Perth and Kinross's case study: \"Five representatives from both Education Scotland and ADES were identified "
        "to work alongside Perth and Kinross Council Education Service colleagues to form the Collaborative "
        'Improvement Team."</p>'
    ) in body
    assert "We were hugely grateful for the support of colleagues from Glasgow City Council" in body
    assert "5 people" not in body
    assert "these organisations together" not in body
    assert "Perth and Kinross's case study in the final report" in body


def test_west_lothians_visit_shows_what_each_source_says_of_its_date(client, history, ades_officer):
    client.force_login(ades_officer)
    body = text(client.get(visit_of("West Lothian").get_absolute_url()))

    assert (
        "The final report's case study of this visit says September 2024, where its Appendix 1 says August 2024. "
        "The report does not say which is right."
    ) in body
    assert "To what extent do our existing partnership pathways ensure a positive destination" in body


def test_themes_sit_in_one_group_each_and_an_officers_regrouping_survives_a_reload(history):
    groups = {theme.name: theme.broader.name for theme in Theme.objects.filter(broader__isnull=False)}
    asn = Theme.objects.get(name="ASN")
    asn.broader = ThemeFactory(name="Additional support needs")
    asn.save()

    load_ci_programme()

    assert groups == {"ASN": "Inclusion", "Inclusion/HWB": "Inclusion", "Senior Phase Curriculum": "Senior Phase"}
    assert Theme.objects.get(name="ASN").broader.name == "Additional support needs"


def test_filtering_or_finding_inclusion_includes_the_asn_visit(client, history):
    inclusion = Theme.objects.get(name="Inclusion")

    programme = client.get("/programmes/ci-2021-2024/", {"theme": "inclusion"}).context["visits"]
    finder = client.get(f"/themes/{inclusion.slug}/").context["work"].visits

    orkney = Visit.objects.get(theme__name="ASN")
    assert orkney.pk in [row["pk"] for row in programme]
    assert orkney in finder
    assert len(finder) == 8


def test_the_home_page_says_only_what_the_final_report_says(client, history):
    body = text(client.get("/"))

    assert (
        "Scotland's first national Collaborative Improvement programme, supported by ADES and Education Scotland, "
        "took place across all 32 local authorities from 2021 to 2024." in body
    )
    assert "three-day" not in body
    assert "Source: the programme's final report (ADES and Education Scotland, 2025)." in body
