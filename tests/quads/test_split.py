"""The suggested split of each family group into Quads: mixing collaboratives, keeping last cycle's Quads apart, and
saying why, on the real 32 authorities and on made-up groups."""

from dataclasses import dataclass
from itertools import combinations

import pytest
from django.urls import reverse

from authorities.choices import Role
from authorities.models import Authority
from quads import selectors, split
from quads.services import quads
from tests.factories import PersonFactory, organisation

CYCLE = "2025–26"
REAL_SPLIT = [
    ("Family group 1, Quad A", ["Aberdeen City", "Aberdeenshire", "City of Edinburgh", "East Dunbartonshire"]),
    ("Family group 1, Quad B", ["East Renfrewshire", "Orkney Islands", "Perth and Kinross", "Shetland Islands"]),
    ("Family group 2, Quad A", ["Angus", "Argyll and Bute", "East Lothian", "Stirling"]),
    ("Family group 2, Quad B", ["Highland", "Midlothian", "Moray", "Scottish Borders"]),
    ("Family group 3, Quad A", ["Clackmannanshire", "Dumfries and Galloway", "Falkirk", "Renfrewshire"]),
    ("Family group 3, Quad B", ["Fife", "South Ayrshire", "South Lanarkshire", "West Lothian"]),
    ("Family group 4, Quad A", ["Dundee City", "East Ayrshire", "Glasgow City", "Inverclyde"]),
    ("Family group 4, Quad B", ["Na h-Eileanan Siar", "North Ayrshire", "North Lanarkshire", "West Dunbartonshire"]),
]


def _names(members):
    return [member.name for member in members]


def _shared_pairs(group):
    return sum(1 for a, b in combinations(group, 2) if a.collaborative_id == b.collaborative_id)


def _every_split_of_eight(people):
    """Both fours of every way of dividing eight authorities into two Quads (35 ways), worked out here anew."""
    first, rest = people[0], people[1:]
    for others in combinations(rest, 3):
        quad = [first, *others]
        yield quad, [person for person in people if person not in quad]


def _quad(name, members, cycle):
    return quads.save_quad(name=name, cycle=cycle, members=list(Authority.objects.filter(name__in=members)), by=None)


def test_the_real_authorities_are_split_within_family_groups_into_these_eight_quads(reference):
    suggestions, left_over = selectors.suggest_split(CYCLE)
    assert left_over == []
    assert [(s.name, _names(s.members)) for s in suggestions] == REAL_SPLIT
    for suggestion in suggestions:
        assert {member.people_family for member in suggestion.members} == {suggestion.family}


def test_the_real_split_puts_together_as_few_pairs_from_one_collaborative_as_any_split_can(reference):
    suggestions, _ = selectors.suggest_split(CYCLE)
    pairs = [_shared_pairs(s.members) for s in suggestions]
    assert pairs == [1, 1, 0, 2, 1, 0, 1, 1]
    assert (sum(pairs), sum(1 for count in pairs if count)) == (7, 6)  # seven pairs, in six of the eight Quads
    fewest_pairs, fewest_quads_then, fewest_quads_at_all = 0, 0, 0
    for family in (1, 2, 3, 4):
        people = list(Authority.objects.filter(people_family=family).order_by("name"))
        ways = [
            (_shared_pairs(a) + _shared_pairs(b), bool(_shared_pairs(a)) + bool(_shared_pairs(b)))
            for a, b in _every_split_of_eight(people)
        ]
        least = min(pairs for pairs, _ in ways)
        fewest_pairs += least
        fewest_quads_then += min(quads for pairs, quads in ways if pairs == least)
        fewest_quads_at_all += min(quads for _, quads in ways)
    assert (fewest_pairs, fewest_quads_then) == (7, 6)
    # Fewer Quads with a shared collaborative (four) is possible only by putting three of the Northern Alliance
    # together in family group 1 and three of the West Partnership in family group 4: nine pairs of neighbours in
    # all rather than seven, so fewer new partnerships; pairs come first (quads/split.py).
    assert fewest_quads_at_all == 4


def test_each_suggestion_says_why_and_what_could_not_be_avoided(reference):
    suggestions, _ = selectors.suggest_split(CYCLE)
    assert suggestions[2].reasons == [
        "Family group 2 of the children's set.",
        "Four collaboratives: Forth Valley and West Lothian Collaborative, Northern Alliance, South East "
        "Collaborative and Tayside Collaborative.",
        "No Quads are recorded for 2024–25, so there are no earlier partners to keep apart.",
    ]
    assert suggestions[0].reasons == [
        "Family group 1 of the children's set.",
        "Three collaboratives: Aberdeen City and Aberdeenshire are both in Northern Alliance.",
        "Unavoidable: every split of family group 1 puts at least two pairs from one collaborative in a Quad together.",
        "No Quads are recorded for 2024–25, so there are no earlier partners to keep apart.",
    ]


def test_last_cycles_partners_are_kept_apart_when_that_can_be_done(reference):
    # Without a cycle before, Aberdeen City and City of Edinburgh would be together, and Angus and Stirling.
    _quad("Old", ["Aberdeen City", "City of Edinburgh", "Angus", "Stirling"], "2024–25")
    suggestions, left_over = selectors.suggest_split(CYCLE)
    assert left_over == []
    assert len(suggestions) == 8
    for suggestion in suggestions:
        names = set(_names(suggestion.members))
        assert not {"Aberdeen City", "City of Edinburgh"} <= names
        assert not {"Angus", "Stirling"} <= names
        assert suggestion.reasons[-1] == "No two of the four were in a Quad together in 2024–25."
    # Still as few pairs from one collaborative as any split has.
    assert sum(_shared_pairs(s.members) for s in suggestions) == 7
    assert selectors.suggest_split(CYCLE)[0][0].members == suggestions[0].members  # the same again


def test_when_last_cycles_quads_cannot_all_be_kept_apart_the_reason_says_which_and_why(reference):
    _quad("North", ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"], "2024–25")
    _quad("South", ["City of Edinburgh", "East Dunbartonshire", "East Renfrewshire", "Perth and Kinross"], "2024–25")
    suggestions, _ = selectors.suggest_split(CYCLE)
    first, second = suggestions[0], suggestions[1]
    assert _names(first.members) == ["Aberdeen City", "Aberdeenshire", "City of Edinburgh", "East Dunbartonshire"]
    assert first.reasons[-3:] == [
        "Aberdeen City and Aberdeenshire were together in Quad North in 2024–25.",
        "City of Edinburgh and East Dunbartonshire were together in Quad South in 2024–25.",
        "Unavoidable: every split of family group 1 puts at least four pairs from 2024–25's Quads together again.",
    ]
    assert _names(second.members) == ["East Renfrewshire", "Orkney Islands", "Perth and Kinross", "Shetland Islands"]
    # Family group 2 had no Quad in 2024–25: its suggestion is as it would be without one.
    assert suggestions[2].reasons[-1] == "No two of the four were in a Quad together in 2024–25."


def test_the_reasons_are_shown_on_the_suggestion_page(client, reference):
    _quad("North", ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"], "2024–25")
    client.force_login(PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades")))
    page = client.get(reverse("quads:quad-suggest") + "?cycle=2025-26").content.decode()
    assert page.count("Why these four:") == 8
    assert "Aberdeen City and Aberdeenshire were together in Quad North in 2024–25." in page
    assert "rather than geographical proximity" in page
    assert 'data-testid="reasons-quad-0"' in page
    assert "Authorities of the same regional improvement collaborative are kept together" not in page


# Made-up groups, without the database: only what the split reads of an authority.


@dataclass(frozen=True)
class Collaborative:
    name: str


@dataclass(frozen=True)
class Place:
    pk: int
    name: str
    collaborative_id: str

    @property
    def collaborative(self):
        return Collaborative(self.collaborative_id)


def _places(*collaboratives):
    return [Place(number, f"Place {number:02d}", collaborative) for number, collaborative in enumerate(collaboratives)]


def test_the_split_is_the_same_whatever_order_the_authorities_come_in():
    places = _places("X", "X", "X", "Y", "Y", "Z", "W", "V")
    first = split.best_split(places, {})
    again = split.best_split(list(reversed(places)), {})
    assert first == again
    assert first.score == (0, 1, 1)


def test_a_group_that_does_not_divide_into_fours_leaves_the_last_names_over_unless_mixing_asks_otherwise():
    places = _places("A", "B", "C", "D", "E", "F", "G")  # seven collaboratives: any four mix
    chosen = split.best_split(places, {})
    assert [[p.name for p in quad] for quad in chosen.quads] == [["Place 00", "Place 01", "Place 02", "Place 03"]]
    assert [p.name for p in chosen.left_over] == ["Place 04", "Place 05", "Place 06"]
    places = _places("A", "A", "A", "A", "E")  # five: the one left over is one of the four sharing a collaborative
    chosen = split.best_split(places, {})
    assert [p.name for p in chosen.left_over] == ["Place 03"]
    assert chosen.score == (0, 3, 1)


def test_keeping_last_cycles_partners_apart_comes_before_mixing_and_the_reason_says_so():
    places = _places("A", "A", "B", "C", "D", "E", "F", "G")
    first = places[0]
    earlier = {frozenset((first.pk, other.pk)): "Quad Old" for other in places[2:7]}  # all but Place 01 and 07
    chosen = split.best_split(places, earlier)
    assert chosen.score == (1, 1, 1)
    assert (chosen.fewest_repeats, chosen.fewest_shared) == (1, 0)
    quad = next(quad for quad in chosen.quads if first in quad)
    assert {places[1], places[7]} <= set(quad)
    assert split.reasons(quad, 1, chosen, earlier, before="2024–25")[1:] == [
        "Three collaboratives: Place 00 and Place 01 are both in A.",
        "Family group 1's Quads have one pair from one collaborative where there could be no pairs, so as to keep "
        "apart authorities who were in a Quad together in 2024–25.",
        f"Place 00 and {quad[2].name} were together in Quad Old in 2024–25.",
        "Unavoidable: every split of family group 1 puts at least one pair from 2024–25's Quads together again.",
    ]


@pytest.mark.parametrize("size", [13, 16])
def test_a_group_too_large_to_try_in_full_is_improved_by_swaps_and_says_fewest_found(size):
    places = _places(*("ABCDEFGH"[number % 4] for number in range(size)))  # four collaboratives, in turn
    chosen = split.best_split(places, {})
    assert not chosen.tried_in_full
    assert len(chosen.quads) == size // 4
    assert len(chosen.left_over) == size % 4
    assert chosen.score == (0, 0, 0)  # each Quad one of each collaborative
    placed = [place for quad in chosen.quads for place in quad] + list(chosen.left_over)
    assert sorted(placed, key=lambda p: p.pk) == places


def test_a_crowded_large_group_reaches_the_fewest_pairs_and_says_fewest_found():
    crowded = _places(*(["A"] * 8 + ["B"] * 5))
    chosen = split.best_split(crowded, {})
    # The fewest possible: one of A left over, A's seven others three, two and two to the Quads (3 + 1 + 1 pairs)
    # and B's five one, two and two (0 + 1 + 1).
    assert chosen.score == (0, 7, 3)
    assert [place.collaborative_id for place in chosen.left_over] == ["A"]
    said = split.reasons(chosen.quads[0], 2, chosen, {}, before="2024–25")
    assert said[2] == "The fewest found: family group 2's Quads have seven pairs from one collaborative."
