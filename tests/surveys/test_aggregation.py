"""Figures checked against hand computation; no database."""

from collections import Counter
from dataclasses import dataclass

import pytest

from surveys.aggregation import (
    SUPPRESSED,
    choice_results,
    compare,
    diverging_chart,
    statement_results,
    whole_percentages,
)


@dataclass
class Q:
    pk: int
    code: str
    kind: str
    text: str = "A statement."
    scale: tuple = ((4, "Strongly agree"), (3, "Agree"), (2, "Disagree"), (1, "Strongly disagree"))

    @property
    def is_scaled(self):
        return self.kind in ("likert4", "scale6")


ENJOYED, VALUE, COMMENT = Q(1, "enjoyed", "likert4"), Q(2, "value", "likert4"), Q(3, "comment", "text")


def counted(rows) -> list[tuple]:
    """(question, value) for each answer, counted as the database does: (question, value, how many)."""
    return [(question, value, n) for (question, value), n in Counter(rows).items()]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 1, 1], [34, 33, 33]),  # ties: the earliest takes the spare point
        ([2, 1, 0, 0], [67, 33, 0, 0]),
        ([9, 4], [69, 31]),
        ([1, 1, 1, 1, 1, 1, 1], [15, 15, 14, 14, 14, 14, 14]),
        ([0, 0], [0, 0]),
    ],
)
def test_whole_percentages_always_sum_to_100(counts, expected):
    assert whole_percentages(counts) == expected
    assert sum(expected) in (0, 100)


def test_statement_results_match_hand_computation():
    # The final report's shape: 13 answers, 9 strongly agree, 3 agree, 1 strongly disagree.
    rows = [(1, 4)] * 9 + [(1, 3)] * 3 + [(1, 1)] + [(2, 3)] * 5 + [(3, None)] * 2

    enjoyed, value = statement_results([ENJOYED, VALUE, COMMENT], counted(rows), threshold=5)

    assert (enjoyed.n, enjoyed.agreeing_percent, enjoyed.suppressed) == (13, 92, False)
    assert [(level.label, level.count, level.percent) for level in enjoyed.levels] == [
        ("Strongly agree", 9, 69),
        ("Agree", 3, 23),
        ("Disagree", 0, 0),
        ("Strongly disagree", 1, 8),
    ]
    assert (value.n, value.agreeing_percent) == (5, 100)


def test_a_skipped_optional_statement_and_one_nobody_answered():
    rows = [(1, 4)] * 6 + [(2, 2)] * 2

    enjoyed, value = statement_results([ENJOYED, VALUE], counted(rows), threshold=5)

    assert (enjoyed.n, enjoyed.agreeing_percent) == (6, 100)
    assert (value.n, value.suppressed, value.levels, value.agreeing_percent) == (2, True, [], None)


def test_a_round_with_no_responses():
    results = statement_results([ENJOYED, VALUE, COMMENT], [], threshold=5)

    assert [(r.code, r.n, r.suppressed, r.levels) for r in results] == [
        ("enjoyed", 0, True, []),
        ("value", 0, True, []),
    ]


def _rows(group, response_base, values):
    return [(f"{group}-{response_base + i}", group, 1, value) for i, value in enumerate(values)]


def _compare(questions, rows, groups, *, threshold):
    """Compare as the counters would hold these answers: (group, question, value) counts and respondents per group."""
    counts = Counter((group, question, value) for _, group, question, value in rows)
    respondents = Counter(group for group, _ in {(group, response) for response, group, _, _ in rows})
    return compare(questions, [(*key, n) for key, n in counts.items()], respondents, groups, threshold=threshold)


def test_comparison_shows_each_group_at_or_over_the_threshold():
    rows = _rows("pilot", 0, [4, 4, 3, 2, 1]) + _rows("final", 0, [4, 4, 4, 4, 3, 1])

    comparison = _compare([ENJOYED], rows, ["pilot", "final"], threshold=5)

    assert [cell.shown for cell in comparison.respondents] == ["5", "6"]
    assert [cell.shown for cell in comparison.rows[0][1]] == ["60% of 5", "83% of 6"]


def test_a_small_group_is_suppressed_and_so_is_the_next_smallest():
    rows = (
        _rows("local_authority", 0, [4] * 9)
        + _rows("education_scotland", 0, [4, 4, 3, 1, 4, 4])
        + _rows("ades", 0, [1])
    )

    comparison = _compare([ENJOYED], rows, ["local_authority", "education_scotland", "ades"], threshold=5)

    # ADES alone would be the overall figures minus the others: the smallest other group is hidden too.
    assert [cell.suppressed for cell in comparison.respondents] == [False, True, True]
    assert [cell.shown for cell in comparison.rows[0][1]] == ["100% of 9", SUPPRESSED, SUPPRESSED]


def test_small_groups_that_together_are_under_the_threshold_are_withheld_with_the_smallest_shown():
    rows = _rows("a", 0, [4] * 7) + _rows("b", 0, [1, 1]) + _rows("c", 0, [1])

    comparison = _compare([ENJOYED], rows, ["a", "b", "c"], threshold=5)

    # b and c together are three people, worked out from the total less a: all three would be known to disagree.
    assert [cell.shown for cell in comparison.rows[0][1]] == [SUPPRESSED] * 3


def test_small_groups_that_together_reach_the_threshold_need_no_more_withheld():
    rows = _rows("a", 0, [4] * 7) + _rows("b", 0, [1, 1, 4]) + _rows("c", 0, [1, 3])

    comparison = _compare([ENJOYED], rows, ["a", "b", "c"], threshold=5)

    assert [cell.shown for cell in comparison.rows[0][1]] == ["100% of 7", SUPPRESSED, SUPPRESSED]


def test_a_statement_answered_by_too_few_in_a_large_group_is_protected_in_its_row():
    rows = _rows("a", 0, [4] * 6) + _rows("b", 0, [4] * 6)
    rows += [(f"a-{i}", "a", 2, 4) for i in range(6)] + [(f"b-{i}", "b", 2, 1) for i in range(3)]

    comparison = _compare([ENJOYED, VALUE], rows, ["a", "b"], threshold=5)

    assert [cell.shown for cell in comparison.rows[0][1]] == ["100% of 6", "100% of 6"]
    assert [cell.shown for cell in comparison.rows[1][1]] == [SUPPRESSED, SUPPRESSED]


def test_chart_is_an_accessible_svg_with_a_bar_per_statement():
    rows = [(1, 4)] * 9 + [(1, 3)] * 3 + [(1, 1)] + [(2, 2)] * 5

    svg = diverging_chart(statement_results([ENJOYED, VALUE], counted(rows), threshold=5), title="Participant survey")

    assert svg.startswith('<svg role="img" aria-labelledby="chart-title chart-summary" ')
    assert svg.count('fill="#2e7d32"') == 3  # a green segment in each of two bars, and the legend's key
    assert "Strongly disagree" in svg


def test_no_chart_when_everything_is_suppressed():
    assert diverging_chart(statement_results([ENJOYED], counted([(1, 4)] * 4), threshold=5), title="x") == ""


def test_single_choice_results_count_each_option():
    @dataclass
    class C:
        pk: int = 9
        kind: str = "choice"
        text: str = "Your role on the team"
        options: tuple = ("Host officer", "Peer", "ADES")

    rows = [(9, 1)] * 4 + [(9, 0)] * 2 + [(9, 2)]  # the option chosen, by its place

    (result,) = choice_results([C()], counted(rows), threshold=5)

    assert [(o.label, o.count, o.percent) for o in result.options] == [
        ("Host officer", 2, 29),
        ("Peer", 4, 57),
        ("ADES", 1, 14),
    ]
