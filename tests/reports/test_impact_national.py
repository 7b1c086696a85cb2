"""A report's impact measures name the national measure they are; the report shows the national figures held for
its hosts beside them, each with its source and the family group's median, and a published version keeps them."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.choices import Role
from authorities.models import Authority
from reports.models import NationalMeasure
from reports.services import drafting, national
from tests.factories import PersonFactory, VisitFactory, organisation
from tests.reports.test_workflow import DRAFT, pdf_text

LGBF = "Local Government Benchmarking Framework 2024 (Improvement Service)"


@pytest.fixture
def draft(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    national.load_first_example()
    family = Authority.objects.get(name="West Lothian").people_family
    median = f"authority,measure,group,year,value\nFamily group {family} median,Positive destinations (%),All pupils,"
    national.save(figures=national.read(f"{median}2023-24,95.3\n".encode()), kind="destinations", source=LGBF, by=None)
    host = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="West Lothian"))
    report = drafting.start_report(visit=VisitFactory(hosts=["West Lothian"]), by=host)
    return drafting.save_draft(report=report, by=host, **DRAFT), host


def _measure(group):
    return NationalMeasure.objects.get(name="Positive destinations (%)", group=group)


def test_a_named_measure_brings_the_hosts_figures_with_sources_and_the_family_median(draft):
    report, _ = draft
    first = report.impact_measures.get(position=1)
    national.link_impact(report=report, links={first.pk: _measure("All pupils")}, by=None)

    impact = drafting.snapshot(report)["impact"]

    family = Authority.objects.get(name="West Lothian").people_family
    source = national.FIRST_EXAMPLE_SOURCE
    assert impact[0]["national"] == {
        "name": "Positive destinations (%), All pupils",
        "hosts": [
            {
                "authority": "West Lothian",
                "family_group": family,
                "rows": [
                    {"year": "2022–23", "value": "94.1", "source": source, "median": None, "median_source": None},
                    {"year": "2023–24", "value": "95.8", "source": source, "median": "95.3", "median_source": LGBF},
                ],
            }
        ],
    }
    assert impact[1]["national"] is None


def test_saving_the_draft_again_keeps_a_named_measure_under_the_same_name_and_group(draft):
    report, host = draft
    first, second = report.impact_measures.order_by("position")
    national.link_impact(report=report, links={first.pk: _measure("All pupils"), second.pk: _measure("LAC")}, by=None)
    renamed = [DRAFT["impact"][0], {**DRAFT["impact"][1], "group": "Care experienced"}]

    drafting.save_draft(report=report, by=host, **{**DRAFT, "impact": renamed})

    assert list(report.impact_measures.order_by("position").values_list("group", "national_measure__group")) == [
        ("All pupils", "All pupils"),
        ("Care experienced", None),
    ]


def test_the_published_version_and_its_pdf_keep_the_figures_held_when_it_was_published(
    draft, client, ades_officer, django_capture_on_commit_callbacks
):
    report, host = draft
    first = report.impact_measures.get(position=1)
    national.link_impact(report=report, links={first.pk: _measure("All pupils")}, by=None)
    drafting.submit_report(report=report, by=host)
    with django_capture_on_commit_callbacks(execute=True):
        version = drafting.publish_report(report=report, by=ades_officer)
    version.refresh_from_db()
    later = "authority,measure,group,year,value\nWest Lothian,Positive destinations (%),All pupils,2024-25,96.0\n"
    national.save(figures=national.read(later.encode()), kind="destinations", source=LGBF, by=None)

    page = html.unescape(
        " ".join(client.get(reverse("reports:report-detail", args=[report.pk])).content.decode().split())
    )

    assert "Each figure on it that the portal held when this version was published is given with its source." in page
    assert '<th scope="row">2023–24</th> <td class="number">95.8</td> <td class="number">95.3</td>' in page
    assert "2024–25" not in page
    text = pdf_text(version).replace("– ", "–")  # a narrow column breaks a school year after its dash
    assert "Positive destinations (%), All pupils: the national figures" in text
    assert "2022–23 94.1 Not recorded" in text
    assert f"2023–24 95.8 95.3 {national.FIRST_EXAMPLE_SOURCE} Median: {LGBF}" in text


@pytest.fixture
def page_url(draft):
    return reverse("reports:impact-national", args=[draft[0].visit_id])


def test_the_host_names_national_measures_on_a_page_of_choices(client, draft, page_url):
    report, host = draft
    client.force_login(host)
    first = report.impact_measures.get(position=1)

    wrong = client.post(page_url, {f"measure_{first.pk}": "999999"})
    assert wrong.context["form"].errors == {f"measure_{first.pk}": ["Choose a national measure from the list."]}
    assert report.impact_measures.filter(national_measure__isnull=False).count() == 0
    response = client.post(page_url, {f"measure_{first.pk}": _measure("All pupils").pk}, follow=True)

    assert "Saved: 1 of the 2 impact measures names a national measure." in response.content.decode()
    assert list(report.impact_measures.order_by("position").values_list("national_measure__group", flat=True)) == [
        "All pupils",
        None,
    ]
    preview = client.get(reverse("reports:report-preview", args=[report.visit_id])).content.decode()
    assert "Positive destinations (%), All pupils: the national figures</h3>" in preview
    assert "Each figure on it that the portal holds is given with its source." in preview


def test_only_the_hosts_officers_name_measures_and_only_while_the_report_is_a_draft(
    client, draft, page_url, glasgow_officer
):
    report, host = draft
    client.force_login(glasgow_officer)
    assert client.get(page_url).status_code == 404
    drafting.submit_report(report=report, by=host)
    client.force_login(host)
    response = client.post(page_url, {}, follow=True)
    assert "The report is submitted for approval: it cannot be edited now." in response.content.decode()
    assert response.redirect_chain == [(reverse("reports:report-draft", args=[report.visit_id]), 302)]


def test_the_page_says_what_is_missing_before_there_is_anything_to_choose(client, draft, page_url):
    report, host = draft
    client.force_login(host)
    drafting.save_draft(report=report, by=host, **{**DRAFT, "impact": []})
    assert "The draft has no impact measures yet." in client.get(page_url).content.decode()
    drafting.save_draft(report=report, by=host, **DRAFT)
    NationalMeasure.objects.all().delete()
    assert "No national measures are held yet." in client.get(page_url).content.decode()


def test_a_named_measure_with_no_figures_for_the_host_says_so(client, draft, ades_officer):
    report, _ = draft
    report.visit.hosts.set([Authority.objects.get(name="Fife")])
    first = report.impact_measures.get(position=1)
    national.link_impact(report=report, links={first.pk: _measure("All pupils")}, by=None)
    client.force_login(ades_officer)

    preview = client.get(reverse("reports:report-preview", args=[report.visit_id])).content.decode()

    assert "The portal holds no figures on this measure for Fife." in " ".join(preview.split())
    assert 'data-testid="national-figures"' not in preview


def test_the_page_of_choices_reads_the_national_measures_once_however_many_impact_measures(client, draft, page_url):
    report, host = draft
    client.force_login(host)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            body = client.get(page_url).content.decode()
        return len(captured), body.count('<optgroup label="School leaver destinations">')

    one = {**DRAFT, "impact": DRAFT["impact"][:1]}
    drafting.save_draft(report=report, by=host, **one)
    before = queries()
    drafting.save_draft(report=report, by=host, **{**DRAFT, "impact": DRAFT["impact"] * 3})
    assert queries() == (before[0], 6)
    assert before[1] == 1
