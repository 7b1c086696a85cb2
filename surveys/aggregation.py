"""Survey results: counts, percentages, comparisons with small groups protected, and the chart.

The only module that imports pandas (and matplotlib), each inside the function that needs it.
Figures are computed from the counters surveys/results.py reads, so nothing here can reach a person.
"""

import io
import re
import textwrap
from dataclasses import dataclass, field

from django.utils.html import escape

from .choices import AGREEING, AGREEMENT_SCALE, QuestionKind

SUPPRESSED = "fewer than 5 responses"


@dataclass
class Level:
    value: int
    label: str
    count: int
    percent: int


@dataclass
class StatementResult:
    code: str
    text: str
    n: int
    levels: list[Level] = field(default_factory=list)
    agreeing_percent: int | None = None
    suppressed: bool = False


def whole_percentages(counts: list[int]) -> list[int]:
    """Percentages rounded by the largest remainder, so that they always sum to 100 (or are all 0)."""
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    exact = [count * 100 / total for count in counts]
    floors = [int(value) for value in exact]
    short = 100 - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:short]:
        floors[index] += 1
    return floors


def _frame(rows, columns):
    # deferred (heavy library): pandas takes a second to import, and only the figures' pages need it
    import pandas as pd

    return pd.DataFrame(list(rows), columns=columns)


def statement_results(questions, counted_rows, *, threshold: int) -> list[StatementResult]:
    """One result per scaled question. counted_rows: (question_id, value, how many) as the database counts them,
    so that only the percentages and their rounding are done here."""
    counts = {(question_id, value): n for question_id, value, n in counted_rows}
    results = []
    for question in questions:
        if not question.is_scaled:
            continue
        scale = question.scale
        level_counts = [counts.get((question.pk, value), 0) for value, _ in scale]
        n = sum(level_counts)
        result = StatementResult(question.code, question.text, n, suppressed=n < threshold)
        if not result.suppressed:
            percents = whole_percentages(level_counts)
            result.levels = [
                Level(value, label, count, percent)
                for (value, label), count, percent in zip(scale, level_counts, percents, strict=True)
            ]
            if question.kind == QuestionKind.AGREEMENT:
                agreeing = sum(level.count for level in result.levels if level.value in AGREEING)
                result.agreeing_percent = whole_percentages([agreeing, n - agreeing])[0]
        results.append(result)
    return results


@dataclass
class Cell:
    n: int
    agreeing_percent: int | None
    suppressed: bool

    @property
    def shown(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        return str(self.n) if self.agreeing_percent is None else f"{self.agreeing_percent}% of {self.n}"


@dataclass
class Comparison:
    groups: list[str]
    respondents: list[Cell]
    rows: list[tuple[str, list[Cell]]]


def _complete(cells: list[Cell], threshold: int) -> None:
    """Withhold enough that the withheld cells, worked out together from the total less the shown ones, are never a
    group smaller than the threshold: while they hold between one and threshold - 1 responses, the smallest shown
    cell is withheld with them. (Two withheld people of known kinds who gave the same answer would otherwise each be
    known to have given it.) An empty group is no secret (who was invited is known), so it adds nothing."""
    while True:
        withheld = sum(cell.n for cell in cells if cell.suppressed)
        shown = sorted((cell for cell in cells if not cell.suppressed), key=lambda cell: cell.n)
        if not shown or not 0 < withheld < threshold:
            return
        shown[0].suppressed = True


def compare(questions, counts, headcounts: dict[str, int], groups: list[str], *, threshold: int) -> Comparison:
    """Share agreeing with each agreement statement, group by group (cohorts, kinds of organisation, roles).

    counts: (group, question_id, value, how many) as the counters hold them; headcounts: respondents per group;
    groups: the columns, in order. A group withheld from the respondents row is withheld from every statement's row
    too, and each row then withholds enough more that nothing can be worked out from the statement's overall figures.
    """
    data = _frame(counts, ["group", "question_id", "value", "n"])
    respondents = []
    for group in groups:
        count = int(headcounts.get(group, 0))
        respondents.append(Cell(count, None, count < threshold))
    _complete(respondents, threshold)
    totals = {}
    if len(data):
        data["agreeing"] = data["n"].where(data["value"].isin(AGREEING), 0)
        summed = data.groupby(["question_id", "group"])[["n", "agreeing"]].sum()
        totals = {key: (int(row["n"]), int(row["agreeing"])) for key, row in summed.iterrows()}
    table = []
    for question in questions:
        if question.kind != QuestionKind.AGREEMENT:
            continue
        cells = []
        for group, headcount_cell in zip(groups, respondents, strict=True):
            n, agreeing = totals.get((question.pk, group), (0, 0))
            percent = whole_percentages([agreeing, n - agreeing])[0] if n else None
            cells.append(Cell(n, percent, n < threshold or headcount_cell.suppressed))
        _complete(cells, threshold)
        table.append((question.text, cells))
    return Comparison(groups, respondents, table)


COLOURS = {4: "#2e7d32", 3: "#f2c500", 2: "#f08c00", 1: "#c62828"}  # green, yellow, amber, red


def diverging_chart(results: list[StatementResult], *, title: str, label: str | None = None) -> str:
    """A diverging stacked bar per agreement statement, as inline SVG: agreement right, disagreement left.

    Labelled by the results page's title and summary, or by `label` where the chart stands elsewhere.
    """
    # deferred (heavy library): matplotlib takes most of a second to import, and only a chart needs it
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    matplotlib.use("svg")

    shown = [r for r in results if r.levels and r.agreeing_percent is not None]
    if not shown:
        return ""
    figure = Figure(figsize=(9, 0.6 * len(shown) + 1.4))
    axes = figure.subplots()
    labels = [_wrap(r.text) for r in shown]
    positions = range(len(shown))[::-1]
    _bars(axes, positions, shown)
    axes.set_yticks(list(positions), labels, fontsize=8)
    axes.axvline(0, color="#333333", linewidth=1)
    axes.set_xlim(-100, 100)
    axes.set_xticks([-100, -50, 0, 50, 100], ["100%", "50%", "0", "50%", "100%"], fontsize=8)
    axes.spines[["top", "right", "left"]].set_visible(False)
    handles = [Patch(color=COLOURS[v], label=label) for v, label in AGREEMENT_SCALE]
    figure.legend(handles=handles, loc="lower center", ncol=4, fontsize=8, frameon=False)
    figure.subplots_adjust(left=0.45, right=0.98, top=0.97, bottom=0.9 / (0.6 * len(shown) + 1.4))
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Title": title})
    svg = _without_inline_css(buffer.getvalue())
    if label:
        return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return svg.replace("<svg ", '<svg role="img" aria-labelledby="chart-title chart-summary" ', 1)


STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def _without_inline_css(svg: str) -> str:
    """Matplotlib's SVG with its CSS turned into presentation attributes, which a strict Content-Security-Policy
    allows: `style="fill: #fff; stroke: none"` becomes `fill="#fff" stroke="none"`, and the stylesheet setting
    line joins and caps on every element becomes the same attributes on the root, which every element inherits."""
    svg = svg[svg.index("<svg") :]
    svg = METADATA.sub("", STYLE_ELEMENT.sub("", svg))  # the RDF metadata is not valid inside HTML
    svg = svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)
    return STYLE_ATTRIBUTE.sub(_attributes, svg)


def _attributes(match: re.Match) -> str:
    declarations = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in declarations)


def _bars(axes, positions, shown: list[StatementResult]) -> None:
    """Disagreement stacked to the left of zero, agreement to the right."""
    for position, result in zip(positions, shown, strict=True):
        percent = {level.value: level.percent for level in result.levels}
        left = -(percent[2] + percent[1])
        for value in (1, 2, 3, 4):
            axes.barh(position, percent[value], left=left, color=COLOURS[value], edgecolor="white", height=0.7)
            left += percent[value]


def _wrap(text: str, width: int = 55) -> str:
    return "\n".join(textwrap.wrap(text, width))


@dataclass
class ChoiceResult:
    text: str
    n: int
    options: list[Level] = field(default_factory=list)
    suppressed: bool = False


def choice_results(questions, counted_rows, *, threshold: int) -> list[ChoiceResult]:
    """Counts and whole percentages for each single-choice question. counted_rows: (question_id, index of the option
    chosen, how many) as the counters hold them."""
    counts = {(question_id, index): n for question_id, index, n in counted_rows}
    results = []
    for question in questions:
        if question.kind != QuestionKind.CHOICE:
            continue
        option_counts = [counts.get((question.pk, index), 0) for index in range(len(question.options))]
        n = sum(option_counts)
        result = ChoiceResult(question.text, n, suppressed=n < threshold)
        if not result.suppressed:
            percents = whole_percentages(option_counts)
            result.options = [
                Level(index, option, count, percent)
                for index, (option, count, percent) in enumerate(
                    zip(question.options, option_counts, percents, strict=True)
                )
            ]
        results.append(result)
    return results
