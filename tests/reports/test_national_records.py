"""National measures and single figures kept by hand: created, edited, deleted after confirmation, always with a
source; a second figure for the same place and year is refused beside the year."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import MeasureFigure, NationalMeasure


@pytest.fixture
def ades(client, ades_officer):
    client.force_login(ades_officer)
    return ades_officer


@pytest.fixture
def measure(reference):
    return NationalMeasure.objects.create(kind="attendance", name="Attendance (%)")


def test_measure_created_then_edited(client, ades):
    client.post(
        reverse("reports:national-measure-create"),
        {"kind": "acel", "name": "ACEL", "stage": "P7", "organiser": "Numeracy"},
    )
    measure = NationalMeasure.objects.get()
    assert (measure.kind, measure.name, measure.stage, measure.organiser, measure.group) == (
        "acel",
        "ACEL",
        "P7",
        "Numeracy",
        "All pupils",
    )

    client.post(
        reverse("reports:national-measure-edit", args=[measure.pk]),
        {"kind": "acel", "name": "ACEL", "stage": "P4", "organiser": "Numeracy", "group": "Quintile 1"},
    )
    measure.refresh_from_db()
    assert (measure.stage, measure.group) == ("P4", "Quintile 1")
    assert [h.history_user for h in measure.history.order_by("history_id")] == [ades, ades]


def test_a_measure_held_already_is_refused(client, ades, measure):
    response = client.post(reverse("reports:national-measure-create"), {"kind": "attendance", "name": "Attendance (%)"})

    assert response.context["form"].errors == {
        "name": ["This measure is held already, as “Attendance (%), All pupils”: edit that one."]
    }
    assert NationalMeasure.objects.count() == 1


def test_a_measure_named_again_in_another_case_or_spacing_is_refused_naming_the_one_held(client, ades, db):
    held = NationalMeasure.objects.create(kind="destinations", name="Positive destinations (%)", group="Quintile 1")
    url = reverse("reports:national-measure-create")

    again = client.post(url, {"kind": "destinations", "name": "  positive  DESTINATIONS (%) ", "group": "quintile 1"})
    other_group = client.post(url, {"kind": "destinations", "name": "Positive destinations (%)"})

    assert again.context["form"].errors == {
        "name": ["This measure is held already, as “Positive destinations (%), Quintile 1”: edit that one."]
    }
    assert other_group.status_code == 302
    assert list(NationalMeasure.objects.order_by("pk").values_list("pk", "group")) == [
        (held.pk, "Quintile 1"),
        (held.pk + 1, "All pupils"),
    ]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"kind": "acel", "name": "ACEL (%)", "stage": "S9", "organiser": "maths"},
            {
                "stage": ["Enter the stage of an ACEL measure: P1, P4, P7, S3 or “P1, P4 and P7 combined”."],
                "organiser": [
                    "Enter the organiser of an ACEL measure: reading, writing, listening and talking, literacy or "
                    "numeracy."
                ],
            },
        ),
        (
            {"kind": "acel", "name": "ACEL (%)", "stage": "", "organiser": "Reading"},
            {"stage": ["Enter the stage of an ACEL measure: P1, P4, P7, S3 or “P1, P4 and P7 combined”."]},
        ),
        (
            {"kind": "lgbf", "name": "Attainment gap", "stage": "P1", "organiser": "reading"},
            {
                "stage": ["Leave the stage empty: only ACEL measures have one."],
                "organiser": ["Leave the organiser empty: only ACEL measures have one."],
            },
        ),
    ],
)
def test_a_stage_or_organiser_not_in_the_list_or_on_another_kind_is_refused_beside_the_field(
    client, ades, db, data, errors
):
    response = client.post(reverse("reports:national-measure-create"), data)

    assert response.context["form"].errors == errors
    assert NationalMeasure.objects.count() == 0


def test_an_acel_stage_and_organiser_are_kept_as_the_list_writes_them(client, ades, db):
    client.post(
        reverse("reports:national-measure-create"),
        {"kind": "acel", "name": "ACEL (%)", "stage": " p1,  P4 and p7 COMBINED", "organiser": "listening & talking"},
    )

    measure = NationalMeasure.objects.get()
    assert (measure.stage, measure.organiser) == ("P1, P4 and P7 combined", "Listening and talking")


def test_figure_added_for_an_authority_and_a_family_median(client, ades, measure):
    url = reverse("reports:national-figure-create", args=[measure.pk])
    angus = measure.__class__._meta.apps.get_model("authorities", "Authority").objects.get(name="Angus")

    client.post(
        url, {"place": f"authority-{angus.pk}", "year": "2023-24", "value": "91.5", "source": "Attendance 2024"}
    )
    client.post(url, {"place": "family-2", "year": "2023-24", "value": "90.25", "source": "LGBF 2024"})

    rows = list(
        MeasureFigure.objects.order_by("pk").values_list("authority__name", "family_group", "year", "value", "source")
    )
    assert rows == [
        ("Angus", None, "2023–24", Decimal("91.50"), "Attendance 2024"),
        (None, 2, "2023–24", Decimal("90.25"), "LGBF 2024"),
    ]


def test_figure_needs_a_source_and_a_real_year(client, ades, measure):
    response = client.post(
        reverse("reports:national-figure-create", args=[measure.pk]),
        {"place": "family-1", "year": "2023-25", "value": "abc", "source": ""},
    )

    assert response.context["form"].errors == {
        "year": ["Write the year like 2023-24."],
        "value": ["Enter the value as a number, like 94.1."],
        "source": ["Name the publication the figure comes from."],
    }
    assert MeasureFigure.objects.count() == 0


def test_second_figure_for_the_same_place_and_year_is_refused(client, ades, measure):
    MeasureFigure.objects.create(measure=measure, family_group=3, year="2023–24", value=1, source="A")

    response = client.post(
        reverse("reports:national-figure-create", args=[measure.pk]),
        {"place": "family-3", "year": "2023-24", "value": "2", "source": "B"},
    )

    assert response.context["form"].errors == {
        "year": ["A figure for family group 3's median in 2023–24 is held already: edit that one."]
    }
    assert list(MeasureFigure.objects.values_list("value", flat=True)) == [Decimal("1.00")]


def test_figure_edited_and_deleted_after_confirmation(client, ades, measure):
    figure = MeasureFigure.objects.create(measure=measure, family_group=3, year="2023–24", value=1, source="A")

    client.post(
        reverse("reports:national-figure-edit", args=[figure.pk]),
        {"place": "family-3", "year": "2023-24", "value": "1.5", "source": "A corrected"},
    )
    figure.refresh_from_db()
    assert (figure.value, figure.source) == (Decimal("1.50"), "A corrected")

    asked = client.get(reverse("reports:national-figure-delete", args=[figure.pk]))
    assert asked.status_code == 200
    assert MeasureFigure.objects.count() == 1
    client.post(reverse("reports:national-figure-delete", args=[figure.pk]))
    assert MeasureFigure.objects.count() == 0


def test_measure_list_names_figure_counts(client, ades, measure):
    MeasureFigure.objects.create(measure=measure, family_group=3, year="2023–24", value=1, source="A")

    body = " ".join(client.get(reverse("reports:national-measure-list")).content.decode().split())

    assert "1 measure" in body
    assert f'href="{reverse("reports:national-measure", args=[measure.pk])}">Attendance (%), All pupils</a>' in body
