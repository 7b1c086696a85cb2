"""National figures: imported from CSV all or nothing, each with its source and year, the authority's figure
beside its LGBF family group's median where one is entered, and "not recorded" where none is."""

import html
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from authorities.models import Authority
from reports.models import MeasureFigure
from reports.services import national

SOURCE = "Summary Statistics for Attainment and Initial Leaver Destinations, No. 6 (Scottish Government, 2024)"


def page_text(response) -> str:
    return html.unescape(" ".join(response.content.decode().split()))


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("figures.csv", text.encode(), content_type="text/csv")


def test_the_first_example_is_west_lothians_destinations_with_their_source_and_loads_once(client, reference):
    first, again = national.load_first_example(), national.load_first_example()

    page = page_text(client.get("/national-figures/west-lothian/"))

    assert (first, again) == (8, 0)
    assert page.count("Positive destinations (%), ") == 4  # a measure for each group of leavers
    assert "Positive destinations (%), LAC</h2>" in page
    assert (
        '<th scope="row">2023–24</th> <td class="number">89.2</td> <td class="number">Not recorded</td> '
        f"<td> {national.FIRST_EXAMPLE_SOURCE} </td>" in page
    )


def test_an_import_puts_the_authority_beside_its_family_median(client, ades_officer):
    fife = Authority.objects.get(name="Fife")
    family = fife.people_family
    client.force_login(ades_officer)
    csv_text = (
        "authority,measure,stage,organiser,group,year,value\n"
        'Fife,ACEL (%),"P1, P4 and P7 combined",Numeracy,All pupils,2022-23,76.0\n'
        'Fife,ACEL (%),"P1, P4 and P7 combined",Numeracy,All pupils,2023-24,78.5\n'
        f'Family group {family} median,ACEL (%),"P1, P4 and P7 combined",Numeracy,All pupils,2023-24,79.1\n'
    )

    response = client.post(
        "/national-figures/import/", {"kind": "acel", "source": SOURCE, "file": upload(csv_text)}, follow=True
    )
    page = page_text(client.get("/national-figures/fife/"))

    assert "3 figures imported, each with its source." in page_text(response)
    assert '<th scope="row">2022–23</th> <td class="number">76.0</td> <td class="number">Not recorded</td>' in page
    assert '<th scope="row">2023–24</th> <td class="number">78.5</td> <td class="number">79.1</td>' in page
    assert "ACEL (%), P1, P4 and P7 combined, Numeracy, All pupils</h2>" in page
    assert MeasureFigure.objects.get(family_group=family).value == Decimal("79.10")


def test_a_file_with_bad_lines_names_each_and_stores_nothing(client, ades_officer):
    client.force_login(ades_officer)
    csv_text = (
        "authority,measure,group,year,value\n"
        "Fife,Attendance (%),All pupils,2023-24,91.2\n"
        "Atlantis,Attendance (%),All pupils,2023-24,90.0\n"
        "Angus,Attendance (%),All pupils,last year,ninety\n"
    )

    response = client.post(
        "/national-figures/import/", {"kind": "attendance", "source": SOURCE, "file": upload(csv_text)}
    )

    assert response.context["problems"] == [
        "Line 3: “Atlantis” is not a Scottish local authority.",
        "Line 4: write the year like 2023-24 and the value as a number, like 94.1.",
    ]
    assert MeasureFigure.objects.count() == 0


def test_an_import_refuses_a_stage_or_organiser_not_in_the_list_or_on_another_kind(client, ades_officer):
    client.force_login(ades_officer)
    acel = (
        "authority,measure,stage,organiser,group,year,value\n"
        "Fife,ACEL (%),p7,numeracy,All pupils,2023-24,78.5\n"
        "Fife,ACEL (%),S9,maths,All pupils,2023-24,70.0\n"
    )
    lgbf = "authority,measure,stage,organiser,group,year,value\nFife,Attainment gap,P1,,All pupils,2023-24,10\n"

    wrong = client.post("/national-figures/import/", {"kind": "acel", "source": SOURCE, "file": upload(acel)})
    other = client.post("/national-figures/import/", {"kind": "lgbf", "source": SOURCE, "file": upload(lgbf)})
    client.post(
        "/national-figures/import/",
        {"kind": "acel", "source": SOURCE, "file": upload(acel.split("Fife,ACEL (%),S9")[0])},
    )

    assert wrong.context["problems"] == [
        "Line 3: enter the stage of an ACEL measure: P1, P4, P7, S3 or “P1, P4 and P7 combined”; enter the organiser "
        "of an ACEL measure: reading, writing, listening and talking, literacy or numeracy."
    ]
    assert other.context["problems"] == ["Line 2: leave the stage empty: only ACEL measures have one."]
    assert [(f.measure.stage, f.measure.organiser, f.value) for f in MeasureFigure.objects.all()] == [
        ("P7", "Numeracy", Decimal("78.50"))
    ]


def test_an_import_adds_to_the_measure_held_under_the_same_name_in_another_case(client, ades_officer):
    client.force_login(ades_officer)
    held = national.NationalMeasure.objects.create(kind="destinations", name="Positive destinations (%)")
    csv_text = "authority,measure,group,year,value\nFife,positive  destinations (%),all pupils,2023-24,94.1\n"

    client.post("/national-figures/import/", {"kind": "destinations", "source": SOURCE, "file": upload(csv_text)})

    assert list(MeasureFigure.objects.values_list("measure", "value")) == [(held.pk, Decimal("94.10"))]
    assert national.NationalMeasure.objects.count() == 1


def test_only_ades_officers_import_and_an_authority_with_none_says_so(client, glasgow_officer):
    client.force_login(glasgow_officer)

    refused = client.get("/national-figures/import/")
    page = page_text(client.get("/national-figures/angus/"))
    authority_page = page_text(client.get("/authorities/angus/"))

    assert refused.status_code == 404
    assert "No national figures are held for Angus yet." in page
    assert "No national figures are held for Angus yet." in authority_page


def _measure_form(measure, **figure):
    data = {
        "kind": measure.kind,
        "name": measure.name,
        "stage": "",
        "organiser": "",
        "group": measure.group,
        "figures-TOTAL_FORMS": "1",
        "figures-INITIAL_FORMS": "0",
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "1000",
    }
    return data | {f"figures-0-{key}": value for key, value in figure.items()}


def test_data_maintenance_shows_national_figures_read_only_to_technical_staff(client, ades_officer):
    """A figure is entered at /national-measures/ (reports/services/national_records.py keeps its rules): data
    maintenance, which would skip them, only shows it."""
    national.load_first_example()
    measure = national.NationalMeasure.objects.get(group="All pupils")
    url = f"/admin/reports/nationalmeasure/{measure.pk}/change/"
    ades_officer.is_superuser = True  # data maintenance is technical staff's only
    ades_officer.save()
    client.force_login(ades_officer)
    fife = Authority.objects.get(name="Fife")

    page = client.get(url)
    post = client.post(url, _measure_form(measure, year="2023-24", authority=fife.pk, value="93.4", source=SOURCE))

    assert page.status_code == 200
    assert 'name="figures-0-value"' not in page.content.decode()
    assert post.status_code == 403
    assert MeasureFigure.objects.filter(authority=fife).count() == 0


def test_figures_and_their_source_are_stored_plain_so_the_same_file_again_changes_nothing(reference):
    typed = "authority,measure,group,year,value\nFife,\u202ePositive destinations (%),All\u2069 pupils,2023-24,94.1\n"
    source = "\u2066LGBF 2024\u2069"

    first = national.save(figures=national.read(typed.encode()), kind="destinations", source=source, by=None)
    again = national.save(figures=national.read(typed.encode()), kind="destinations", source=source, by=None)

    figure = MeasureFigure.objects.select_related("measure").get()
    assert (figure.measure.name, figure.measure.group, figure.source) == (
        "Positive destinations (%)",
        "All pupils",
        "LGBF 2024",
    )
    assert (first, again) == (1, 0)
