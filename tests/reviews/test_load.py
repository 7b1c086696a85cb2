from collections import Counter
from datetime import date

import pytest

from authorities.models import Authority
from reviews.choices import DatePrecision, VisitStatus
from reviews.models import Phase, Programme, Theme, Visit
from reviews.services.importing import load_ci_programme

ISLANDS = {"Na h-Eileanan Siar", "Orkney Islands", "Shetland Islands"}


@pytest.fixture
def ci(reference):
    load_ci_programme()
    return Programme.objects.get(slug="ci-2021-2024")


def test_ci_programme_has_32_visits_in_three_phases(ci):
    assert ci.name == "Collaborative Improvement 2021–2024"
    assert Counter(ci.visits.values_list("phase__number", flat=True)) == {1: 9, 2: 14, 3: 9}
    assert list(ci.phases.values_list("name", "starts_on", "ends_on")) == [
        ("Phase 1", date(2021, 9, 1), date(2022, 6, 30)),
        ("Phase 2", date(2022, 8, 1), date(2023, 11, 30)),
        ("Phase 3", date(2024, 1, 1), date(2024, 11, 30)),
    ]


def test_island_authorities_share_three_joint_visits(ci):
    joint = [visit for visit in ci.visits.prefetch_related("hosts") if len(visit.hosts.all()) > 1]

    assert [({h.name for h in v.hosts.all()}, v.theme.name, str(v.starts_on)) for v in joint] == [
        (ISLANDS, "Senior Phase", "2022-05-01"),
        (ISLANDS, "Broad General Education", "2023-05-01"),
        (ISLANDS, "ASN", "2024-05-01"),
    ]


def test_each_other_authority_hosts_exactly_one_visit(ci):
    hosted = Counter(Visit.objects.filter(programme=ci).values_list("hosts__name", flat=True))

    assert {name: count for name, count in hosted.items() if name not in ISLANDS} == dict.fromkeys(
        Authority.objects.exclude(name__in=ISLANDS).values_list("name", flat=True), 1
    )
    assert {name: hosted[name] for name in ISLANDS} == dict.fromkeys(ISLANDS, 3)


def test_ci_visits_keep_month_precision_and_are_completed(ci):
    west_lothian = Visit.objects.get(programme=ci, hosts__name="West Lothian")

    assert (west_lothian.date_precision, west_lothian.ends_on, west_lothian.when) == (
        DatePrecision.MONTH,
        None,
        "August 2024",
    )
    assert set(ci.visits.values_list("status", flat=True)) == {VisitStatus.COMPLETED}


def test_themes_are_grouped_so_analysis_counts_both_ways(ci):
    assert Theme.objects.get(name="Senior Phase Curriculum").broader.name == "Senior Phase"
    assert Theme.objects.get(name="Inclusion/HWB").broader.name == "Inclusion"
    assert Theme.objects.get(name="Inclusion").broader is None


def test_second_load_changes_nothing(ci):
    before = list(Visit.objects.order_by("pk").values_list("pk", "updated_at"))

    result = load_ci_programme()

    assert (len(result.created), len(result.already_there)) == (0, 32)
    assert list(Visit.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert (Programme.objects.count(), Phase.objects.count()) == (1, 3)
