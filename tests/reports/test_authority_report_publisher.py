"""Which authority published a report of a joint visit (the islands'), dates neither after today nor before the
visit, and the hand form and the import recording the same way."""

import csv
import datetime
import html
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from authorities.models import Authority
from reports.models import AuthorityReport
from reviews.models import Visit
from reviews.services.importing import load_ci_programme

HEADER = "authority,visit,address,title,published\n"
ISLANDS = "Na h-Eileanan Siar, Orkney Islands, Shetland Islands (2)"
UNRECORDED = (
    "Published by one of the visit's hosts (Na h-Eileanan Siar, Orkney Islands, Shetland Islands); "
    "which one is not recorded"
)


@pytest.fixture
def islands(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_ci_programme()
    return Visit.objects.get(hosts__name="Orkney Islands", starts_on__year=2023, starts_on__month=5)


def upload(client, content: str, key: str = "k1"):
    csv_file = SimpleUploadedFile("links.csv", content.encode(), content_type="text/csv")
    return client.post("/reports/authority-reports/import/", {"file": csv_file, "submission_key": key}, follow=True)


def post(client, visit, **data):
    return client.post(f"/visits/{visit.pk}/authority-report/", data)


def index(client) -> tuple[list, list]:
    items = json.loads(client.get("/reports/index.json").content)["items"]
    lines = csv.DictReader(io.StringIO(client.get("/reports/index.csv").content.decode()))
    kind = "authority's report, as published"
    return [i for i in items if i["kind"] == kind], [line for line in lines if line["kind"] == kind]


def page(client) -> str:
    return " ".join(html.unescape(client.get("/reports/").content.decode()).split())


def test_one_island_councils_link_is_said_to_be_published_by_that_council_only(client, islands, ades_officer):
    client.force_login(ades_officer)

    upload(client, HEADER + "Orkney,2023-05,https://orkney.gov.uk/r.pdf,Islands 2,2023\n")
    items, lines = index(client)

    assert AuthorityReport.objects.get().published_by.name == "Orkney Islands"
    assert [(i["authority"], i["gss_code"], i["source"], i["visit"], i["visit_month"]) for i in items] == [
        ("Orkney Islands", "S12000023", "Published by Orkney Islands", ISLANDS, "2023-05")
    ]
    assert [(line["authority"], line["source"], line["visit"], line["visit_month"]) for line in lines] == [
        ("Orkney Islands", "Published by Orkney Islands", ISLANDS, "2023-05")
    ]
    assert "Published by Orkney Islands" in page(client)
    assert "Published by Shetland Islands" not in page(client)


def test_a_joint_visits_record_from_before_says_which_host_published_it_is_not_recorded(client, islands):
    AuthorityReport.objects.create(visit=islands, url="https://orkney.gov.uk/r.pdf", published_year=2023)

    items, lines = index(client)

    assert [(i["authority"], i["source"], i["visit"]) for i in items] == [
        ("Na h-Eileanan Siar", UNRECORDED, ISLANDS),
        ("Orkney Islands", UNRECORDED, ISLANDS),
        ("Shetland Islands", UNRECORDED, ISLANDS),
    ]
    assert {line["source"] for line in lines} == {UNRECORDED}
    assert f"{UNRECORDED}" in page(client)


def test_the_hand_form_of_a_joint_visit_asks_which_host_published_it(client, islands, ades_officer):
    client.force_login(ades_officer)
    shetland = Authority.objects.get(name="Shetland Islands")

    unsaid = post(client, islands, url="https://www.shetland.gov.uk/ci", published_year="2023")
    saved = post(client, islands, url="https://www.shetland.gov.uk/ci", published_year="2023", published_by=shetland.pk)

    assert unsaid.context["form"].errors == {"published_by": ["Choose which of the visit's hosts published it."]}
    assert saved.status_code == 302
    assert AuthorityReport.objects.get().published_by == shetland
    assert [i["source"] for i in index(client)[0]] == ["Published by Shetland Islands"]


def test_a_date_after_today_is_refused_by_the_import_and_the_hand_form_and_never_listed(client, islands, ades_officer):
    client.force_login(ades_officer)
    future = "the date published is after today: give the date it was published"
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()

    imported = upload(
        client,
        HEADER + "Orkney,2023-05,https://orkney.gov.uk/r.pdf,,2099\n"
        f"Fife,2021-10,https://www.fife.gov.uk/ci,,{tomorrow}\n",
    )
    orkney = Authority.objects.get(name="Orkney Islands")
    by_hand = post(client, islands, url="https://orkney.gov.uk/r.pdf", published_year="2099", published_by=orkney.pk)
    AuthorityReport.objects.create(visit=islands, url="https://orkney.gov.uk/r.pdf", published_year=2099)
    archive = client.get("/reports/")

    assert [row.problem for row in imported.context["rows"]] == [future, future]
    assert by_hand.context["form"].errors == {"published_year": [f"{future[0].upper()}{future[1:]}."]}
    assert AuthorityReport.objects.filter(published_year=2099).count() == 1  # held from before the check
    assert 2099 not in [year for year, _ in archive.context["form"].fields["year"].choices]
    assert archive.context["authority_reports"] == []


def test_a_day_before_the_visit_in_the_same_year_is_refused(client, islands, ades_officer):
    client.force_login(ades_officer)
    orkney = Authority.objects.get(name="Orkney Islands")

    imported = upload(client, HEADER + "Orkney,2023-05,https://orkney.gov.uk/r.pdf,,2023-03-14\n")
    by_hand = post(
        client, islands, url="https://orkney.gov.uk/r.pdf", published_year="14/03/2023", published_by=orkney.pk
    )

    assert [row.problem for row in imported.context["rows"]] == [
        "the visit took place in May 2023: its report cannot be from before then"
    ]
    assert by_hand.context["form"].errors == {
        "published_year": ["The visit took place in May 2023: its report cannot be from before then."]
    }
    assert AuthorityReport.objects.count() == 0


def test_the_hand_form_records_what_the_import_does_and_clears_a_day_left_out(client, islands, ades_officer):
    client.force_login(ades_officer)
    upload(client, HEADER + "Fife,2021-10,https://www.fife.gov.uk/ci,Fife's CI report,2022-01-31\n")
    fife = AuthorityReport.objects.get()
    url = f"/visits/{fife.visit_id}/authority-report/"

    initial = client.get(url).context["form"].initial
    client.post(url, {"url": "https://www.fife.gov.uk/ci-2", "title": "Fife's own report", "published_year": "2022"})

    fife.refresh_from_db()
    assert initial == {
        "url": "https://www.fife.gov.uk/ci",
        "title": "Fife's CI report",
        "published_year": "2022-01-31",
        "published_by": fife.published_by_id,
    }
    assert (fife.url, fife.title, fife.published_year, fife.published_on, fife.published_by.name) == (
        "https://www.fife.gov.uk/ci-2",
        "Fife's own report",
        2022,
        None,
        "Fife",
    )
    assert fife.search_text.endswith("\nFife's own report")
