import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from authorities.choices import AliasKind, OrganisationKind
from authorities.models import Authority, AuthorityAlias, Collaborative, Organisation
from authorities.reference import ReferenceDataError
from authorities.services.reference import DEFAULT_AUTHORITIES_FILE, load_authorities

pytestmark = pytest.mark.django_db


def _rewrite(tmp_path: Path, change) -> Path:
    """A copy of the real reference file with one change applied to its rows."""
    with open(DEFAULT_AUTHORITIES_FILE, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    path = tmp_path / "authorities.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _with(index: int, **values):
    def change(rows):
        rows[index].update(values)
        return rows

    return change


def test_load_authorities_creates_the_32_with_their_groups_and_collaboratives():
    result = load_authorities()

    assert (result.created, result.updated, result.unchanged) == (32, 0, 0)
    assert Authority.objects.count() == 32
    assert Counter(Authority.objects.values_list("people_family", flat=True)) == {1: 8, 2: 8, 3: 8, 4: 8}
    assert Counter(Authority.objects.values_list("other_family", flat=True)) == {1: 8, 2: 8, 3: 8, 4: 8}
    sizes = {ric.name: ric.authorities.count() for ric in Collaborative.objects.all()}
    assert sizes == {
        "Forth Valley and West Lothian Collaborative": 4,
        "Northern Alliance": 8,
        "South East Collaborative": 5,
        "South West Collaborative": 4,
        "Tayside Collaborative": 3,
        "West Partnership": 8,
    }


def test_a_file_with_direction_controls_is_loaded_plain_and_loads_again_as_unchanged(tmp_path):
    path = _rewrite(
        tmp_path,
        _with(
            0, council_name="\u202eAberdeen City Council", name_variants="\u2066Aberdeen\u2069; Aberdeen City Council"
        ),
    )

    first, again = load_authorities(path=path), load_authorities(path=path)

    aberdeen = Authority.objects.get(gss_code="S12000033")
    assert aberdeen.council_name == "Aberdeen City Council"
    assert sorted(aberdeen.aliases.values_list("value", flat=True)) == ["Aberdeen", "Aberdeen City Council"]
    assert ((first.created, first.updated), (again.updated, again.unchanged)) == ((32, 0), (0, 32))


def test_load_authorities_keeps_codes_names_and_former_codes():
    load_authorities()

    glasgow = Authority.objects.get(gss_code="S12000049")
    assert (glasgow.name, glasgow.slug, glasgow.council_name) == (
        "Glasgow City",
        "glasgow-city",
        "Glasgow City Council",
    )
    assert sorted(glasgow.aliases.filter(kind=AliasKind.FORMER_GSS_CODE).values_list("value", flat=True)) == [
        "S12000043",
        "S12000046",
    ]
    siar = Authority.objects.get(name="Na h-Eileanan Siar")
    assert sorted(siar.aliases.filter(kind=AliasKind.NAME).values_list("value", flat=True)) == [
        "Comhairle nan Eilean Siar",
        "Eilean Siar",
        "Na h-Eileanan an Iar",
        "Western Isles",
        "Western Isles Council",
    ]


def test_load_authorities_creates_one_organisation_per_council_and_the_national_bodies():
    load_authorities()

    assert Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).count() == 32
    assert Organisation.objects.get(authority__slug="highland").name == "The Highland Council"
    national = Organisation.objects.exclude(kind=OrganisationKind.LOCAL_AUTHORITY).order_by("name")
    assert [(o.name, o.kind) for o in national] == [
        ("ADES", OrganisationKind.ADES),
        ("Education Scotland", OrganisationKind.EDUCATION_SCOTLAND),
        ("HM Inspectorate of Education", OrganisationKind.HMIE),
    ]


def test_load_authorities_second_run_changes_nothing():
    load_authorities()
    aliases_before = list(AuthorityAlias.objects.order_by("pk").values_list("pk", "value"))
    updated_before = list(Authority.objects.order_by("pk").values_list("pk", "updated_at"))

    result = load_authorities()

    assert (result.created, result.updated, result.unchanged) == (0, 0, 32)
    assert list(AuthorityAlias.objects.order_by("pk").values_list("pk", "value")) == aliases_before
    assert list(Authority.objects.order_by("pk").values_list("pk", "updated_at")) == updated_before
    assert Organisation.objects.count() == 35


def test_load_authorities_updates_a_changed_row_in_place(tmp_path):
    load_authorities()
    path = _rewrite(tmp_path, _with(0, council_name="Aberdeen City Council (renamed)"))

    result = load_authorities(path=path)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 31)
    assert Authority.objects.get(gss_code="S12000033").council_name == "Aberdeen City Council (renamed)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_with(2, gss_code=""), "Row 4 (Angus): the GSS code is missing."),
        (_with(2, gss_code="S1200004"), "Row 4 (Angus): 'S1200004' is not a council GSS code"),
        (
            _with(5, lgbf_people_family="5"),
            "Row 7 (Clackmannanshire): lgbf_people_family must be a family group from 1 to 4, not '5'.",
        ),
        (
            _with(5, lgbf_other_family="x"),
            "Row 7 (Clackmannanshire): lgbf_other_family must be a family group from 1 to 4, not 'x'.",
        ),
        (_with(9, ric=""), "Row 11 (East Dunbartonshire): the Regional Improvement Collaborative is missing."),
        (
            _with(3, gss_code="S12000033"),
            "Row 5 (Argyll and Bute): the GSS code 'S12000033' is used by an earlier row.",
        ),
        (lambda rows: rows[:-1], "The file lists 31 authorities; Scotland has 32."),
        (
            _with(0, lgbf_people_family="2"),
            "The children's family groups must be 4 groups of 8 authorities: group 1 has 7, group 2 has 9.",
        ),
        (_with(0, ric="Northern Alliances"), "The file names 7 collaboratives; Scotland has 6"),
    ],
)
def test_load_authorities_bad_file_names_the_problem_and_writes_nothing(tmp_path, change, message):
    path = _rewrite(tmp_path, change)

    with pytest.raises(ReferenceDataError) as raised:
        load_authorities(path=path)

    assert str(raised.value).startswith(message)
    assert Authority.objects.count() == 0
    assert Organisation.objects.count() == 0


def test_load_authorities_bad_file_leaves_loaded_data_as_it_was(tmp_path):
    load_authorities()
    path = _rewrite(
        tmp_path,
        lambda rows: [{**rows[0], "council_name": "Changed"}, *rows[1:-1], {**rows[-1], "lgbf_other_family": "7"}],
    )

    with pytest.raises(ReferenceDataError, match=r"^Row 33 \(West Lothian\): lgbf_other_family"):
        load_authorities(path=path)

    assert Authority.objects.get(gss_code="S12000033").council_name == "Aberdeen City Council"


def test_load_reference_command_reports_counts_and_refuses_a_bad_file(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    assert out.getvalue() == (
        "Authorities: 32 added, 0 updated, 0 unchanged.\n"
        "Specialisms for building teams: 10.\n"
        "Collaborative Improvement 2021–2024: 32 visits added, 0 already there.\n"
        "Induction pack: version 1 shown to team members.\n"
        "Collaborative Improvement participant survey: 10 questions.\n"
        "Pre-visit stakeholder views: 4 questions.\n"
        "Case studies from the final report: 4 loaded.\n"
        "National figures from the final report (West Lothian's positive destinations): 8.\n"
        "QMIE2 high-level questions (a starting framework): 6 quality indicators.\n"
        "Quads guidance: version 1 shown.\n"
    )

    path = _rewrite(tmp_path, _with(0, gss_code="X"))
    with pytest.raises(CommandError) as raised:
        call_command("load_reference", "--authorities", str(path))
    assert str(raised.value) == (
        "Nothing was loaded. Row 2 (Aberdeen City): 'X' is not a council GSS code (S12 followed by six digits)."
    )


def test_load_reference_command_refuses_a_file_with_the_wrong_header(tmp_path):
    path = tmp_path / "authorities.csv"
    path.write_text("name,code\nAngus,S12000041\n", encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        call_command("load_reference", "--authorities", str(path))

    assert str(raised.value).startswith("Nothing was loaded. authorities.csv: the header must be name,gss_code,")
    assert Authority.objects.count() == 0
