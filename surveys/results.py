"""The one door to survey figures. Every count, percentage, chart, breakdown, cohort comparison and comment of every
round, on every page, download, document and report, comes from here, for a named reader; nothing else reads the
counters (tests/surveys/test_one_door.py fails when something does, or when a page reads figures it does not list).

It applies, in this order:

1. **Release.** Figures exist only for a round whose release is recorded: closed with at least
   CI_PORTAL_SURVEY_MIN_GROUP people who answered something (as in EvaP). While a round collects, nothing is shown,
   so two readings cannot be compared to find what the latest respondent said; and release is final (release.py,
   models.py), so no answer can be added after it and read off by subtraction.
2. **The reader.** `surveys.view_results` (rules.py): a participant round's figures go to ADES officers and the host
   authority's officers; a stakeholder round's (answered through an open link the host hands out, so by anyone who
   has it) to ADES officers and the team's members independent of the hosts, never to the host's side or partner
   bodies, who have or may be given the link and could answer it and subtract. The published report reads as the
   public, and only participant rounds of its own visit. A programme's evaluation report (`for_evaluation`) reads
   as the public, pooling only rounds already public: each the very round a published visit report froze; no other
   round is mentioned.
3. **The threshold within.** Any statement, option or group answered by fewer than the threshold is withheld, and
   enough others with it that none can be worked out from the rest (aggregation.py).
4. **Scope of comparisons.** Cohorts compare only released participant rounds; an authority officer compares only
   with cohorts of their own rounds, and is told why not with the others.
"""

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.dispatch import Signal

from core.access import by_rule
from reviews.choices import PUBLIC_STATUSES

from . import aggregation
from .choices import AGREEING, Moderation, RespondentKind, StakeholderRole
from .models import AnswerCounter, Invitation, RespondentCounter, SealedResponse, SurveyRound, TextAnswer
from .services import release, responses

# Sent whenever figures are asked for: with the round, the reader (None for the published report) and whether any
# were shown. The tests use it to list every page that reads figures.
figures_read = Signal()

SUPPRESSED = aggregation.SUPPRESSED


class State:
    COLLECTING = "collecting"  # not closed yet: nothing is shown
    COUNTING = "counting"  # released; the worker is opening its sealed responses into counts
    TOO_FEW = "too_few"  # closed with fewer responses than the threshold: nothing is shown
    RELEASED = "released"


def state(survey_round: SurveyRound, *, today: datetime.date | None = None, sealed: bool | None = None) -> str:
    """A round past its closing date is closed here (and released, with enough responses): the release is recorded
    the first time anyone asks, if the daily `close_survey_rounds` has not recorded it already. `sealed`: whether
    responses wait to be counted, when already read with other rounds'."""
    release.close_if_due(survey_round=survey_round, today=today)
    if survey_round.released_at is not None:
        if sealed is None:
            return State.RELEASED if release.counted(survey_round) else State.COUNTING
        return State.COUNTING if sealed else State.RELEASED
    return State.TOO_FEW if survey_round.closed_at is not None else State.COLLECTING


def why_not(survey_round: SurveyRound, *, today: datetime.date | None = None, sealed: bool | None = None) -> str:
    """The plain reason a round shows no figures to anyone yet; empty once it is released."""
    threshold = settings.SURVEY_MIN_GROUP
    match state(survey_round, today=today, sealed=sealed):
        case State.COLLECTING:
            return f"Results appear when the round closes, if {threshold} or more people responded."
        case State.COUNTING:
            return "The round has closed with enough responses; its results are being counted. Look again shortly."
        case State.TOO_FEW:
            return (
                f"This round closed with fewer than {threshold} responses, so no results are shown: "
                "they could tell what one person answered."
            )
    return ""


def not_for_reader(survey_round: SurveyRound) -> str:
    """Why a reader who may see the round's page reads none of its figures."""
    if survey_round.is_open_link:
        hosts = survey_round.visit.host_names
        return (
            f"The stakeholders' answers are read after the survey closes by ADES officers and the team's members from "
            f"outside {hosts}, never by the officers and staff of {hosts}, who share the link, nor by partner bodies "
            f"or anyone linked to {hosts}, who may be given it: whoever has an open link could answer it themselves "
            "and work out the others' answers by subtraction."
        )
    return "This round's figures are read by ADES officers and the officers of the authorities it asked about."


@dataclass
class Figures:
    """What a reader may see of a round: nothing but `why_not`, or the figures."""

    survey_round: SurveyRound
    why_not: str = ""
    respondents: int = 0
    statements: list = field(default_factory=list)
    choices: list = field(default_factory=list)
    by_kind: aggregation.Comparison | None = None
    by_cohort: aggregation.Comparison | None = None
    cohorts_withheld: list[str] = field(default_factory=list)
    comments: list[TextAnswer] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return not self.why_not

    def chart(self, *, label: str | None = None) -> str:
        return aggregation.diverging_chart(self.statements, title=self.survey_round.questionnaire.name, label=label)


def for_reader(survey_round: SurveyRound, reader, *, today: datetime.date | None = None) -> Figures:
    """Every figure of the round the reader may see: results pages, downloads, the visit page and pack."""
    if by_rule(reader, "surveys.view_results", survey_round):
        figures = Figures(survey_round, why_not=why_not(survey_round, today=today))
    else:
        figures = Figures(survey_round, why_not=not_for_reader(survey_round))
    if figures.shown:
        _fill(figures, cohorts_for=reader)
    figures_read.send(SurveyRound, survey_round=survey_round, reader=reader, shown=figures.shown)
    return figures


def for_report(visit) -> Figures | None:
    """The figures a visit report publishes, to anyone: its latest released participant round's statements (never a
    stakeholder round's, which stay with the team), or None."""
    rounds = visit.survey_rounds.filter(open_token__isnull=True).select_related("questionnaire", "visit")
    for survey_round in rounds.order_by("-opens_on", "-pk"):
        if state(survey_round) == State.RELEASED:
            figures = Figures(survey_round, respondents=responses.respondents(survey_round))
            questions = list(survey_round.questionnaire.questions.all())
            figures.statements = aggregation.statement_results(
                questions, _summed(_counters(survey_round)), threshold=settings.SURVEY_MIN_GROUP
            )
            figures_read.send(SurveyRound, survey_round=survey_round, reader=None, shown=True)
            return figures
    return None


def for_moderation(survey_round: SurveyRound, reader) -> Figures:
    """Every comment of a released round, whatever its moderation, for the officers who publish or hide them."""
    reason = why_not(survey_round)
    if not reason and not by_rule(reader, "surveys.run_rounds", survey_round):
        reason = not_for_reader(survey_round)
    figures = Figures(survey_round, why_not=reason)
    if figures.shown:
        figures.comments = list(_comments(survey_round, moderation=None))
    figures_read.send(SurveyRound, survey_round=survey_round, reader=reader, shown=figures.shown)
    return figures


def comment_to_moderate(survey_round: SurveyRound, pk: str) -> TextAnswer | None:
    """One comment of the round, by its key, for the moderation form; None for a key that is not one."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        return None
    return survey_round.text_answers.select_related("question", "survey_round").filter(pk=key).first()


def _fill(figures: Figures, *, cohorts_for) -> None:
    survey_round = figures.survey_round
    threshold = settings.SURVEY_MIN_GROUP
    questions = list(survey_round.questionnaire.questions.all())
    counters = _counters(survey_round)
    headcounts = dict(survey_round.respondent_counters.values_list("respondent_kind", "count"))
    figures.respondents = sum(headcounts.values())
    figures.statements = aggregation.statement_results(questions, _summed(counters), threshold=threshold)
    figures.choices = aggregation.choice_results(questions, _summed(counters), threshold=threshold)
    kinds = survey_round.respondent_kinds
    figures.by_kind = aggregation.compare(questions, counters, headcounts, kinds, threshold=threshold)
    labels = StakeholderRole if survey_round.is_open_link else RespondentKind
    figures.by_kind.groups = [labels(kind).label for kind in kinds]
    if not survey_round.is_open_link:
        figures.by_cohort, withheld = _cohorts(survey_round, questions, cohorts_for)
        figures.cohorts_withheld = [cohort_withheld_reason(withheld)] if withheld else []
    figures.comments = list(_comments(survey_round))


def _summed(counters) -> list[tuple[int, int, int]]:
    """(question, value, how many) over every kind of respondent."""
    totals: dict[tuple[int, int], int] = {}
    for _, question_id, value, count in counters:
        totals[question_id, value] = totals.get((question_id, value), 0) + count
    return [(question_id, value, n) for (question_id, value), n in totals.items()]


def _counters(survey_round: SurveyRound) -> list[tuple[str, int, int, int]]:
    """(kind of respondent, question, value, how many): every counter of the round, read once."""
    return list(
        AnswerCounter.objects.filter(survey_round=survey_round).values_list(
            "respondent_kind", "question_id", "value", "count"
        )
    )


def _comments(survey_round: SurveyRound, *, moderation: Moderation | None = Moderation.PUBLISHED):
    """Ordered by their random keys within each question, so the order says nothing about who or when."""
    comments = survey_round.text_answers.exclude(text="").select_related("question")
    if moderation:
        comments = comments.filter(moderation=moderation)
    return comments.order_by("question__position", "pk")


def _cohorts(survey_round: SurveyRound, questions, reader) -> tuple[aggregation.Comparison, list[str]]:
    """Released participant rounds of the same questionnaire, pooled by cohort label: every cohort for ADES officers;
    for an authority officer only the cohorts whose every round is their own.

    A cohort pooling other authorities' rounds gives, less the rounds whose figures are public (every published
    visit report carries its round's), less the reader's own, and compared over time as it grows, the figures of
    another authority's round that the reader may not open: no count of authorities or freezing rules that out."""
    released = SurveyRound.objects.filter(
        questionnaire=survey_round.questionnaire, open_token__isnull=True, released_at__isnull=False
    )
    labels = list(dict.fromkeys(released.order_by("opens_on", "pk").values_list("cohort", flat=True)))
    withheld = []
    if not by_rule(reader, "surveys.run_rounds"):
        # Their own: a visit's round that their authority hosted (a phase's or programme's round is nobody's own).
        own = released.filter(visit__hosts=getattr(reader.organisation, "authority_id", None))
        others = set(released.exclude(pk__in=own.values("pk")).values_list("cohort", flat=True))
        withheld = [label for label in labels if label in others]
        labels = [label for label in labels if label not in others]
    pooled = released.filter(cohort__in=labels)
    counts = (
        AnswerCounter.objects.filter(survey_round__in=pooled)
        .values("survey_round__cohort", "question_id", "value")
        .annotate(n=Sum("count"))
        .values_list("survey_round__cohort", "question_id", "value", "n")
        .order_by()
    )
    headcounts = dict(
        RespondentCounter.objects.filter(survey_round__in=pooled)
        .values("survey_round__cohort")
        .annotate(n=Sum("count"))
        .values_list("survey_round__cohort", "n")
        .order_by()
    )
    comparison = aggregation.compare(questions, counts, headcounts, labels, threshold=settings.SURVEY_MIN_GROUP)
    return comparison, withheld


def cohort_withheld_reason(labels: list[str]) -> str:
    count = len(labels)
    return (
        f"{count} other cohort{'s are' if count != 1 else ' is'} compared by ADES officers only: a cohort pooling "
        "other authorities' rounds, less those whose figures are published and your own, could show another "
        "authority's results."
    )


@dataclass
class PooledStatement:
    """One agreement statement across a cohort's counted rounds: the share agreeing of everyone who answered it
    (pooled) and the mean of each host authority's share (weighted), over exactly the same rounds."""

    text: str
    n: int
    pooled_percent: int
    weighted_percent: int
    authorities: int


@dataclass
class CohortFigures:
    """A cohort of a programme's participant rounds (rounds whose labels match, ignoring case and spaces)."""

    label: str
    rounds: int = 0
    respondents: int = 0
    invited: int = 0
    statements: list[PooledStatement] = field(default_factory=list)


def for_evaluation(programme, *, published_rounds: Mapping[int, int | None]) -> list[CohortFigures]:
    """A programme's participant survey by cohort, for its public evaluation report.

    A round counts only when its figures are already public: it is the very round a visit's current published report
    froze (`published_rounds`: visit id to that round's id, or None, from the reports app), of a visit the public may
    see (agreed, not a group's meeting), and still released. No other round is mentioned, nor its cohort: that a round
    exists, is still open or closed with too few is not public either (the reports app states the rule once). Within
    the rounds counted only statements answered by at least the threshold count, the same for both figures, so their
    difference reveals no smaller group. A joint visit's hosts weigh as one."""
    cohorts: dict[str, CohortFigures] = {}
    cells: dict[str, dict] = {}  # per cohort: {statement: {host authorities: (answered, agreeing)}}
    given = [pk for pk in published_rounds.values() if pk]
    rounds = SurveyRound.objects.filter(visit__programme=programme, pk__in=given, open_token__isnull=True)
    counted = [r for r in _with_counts(rounds) if _public(r, published_rounds)]
    counters = _counters_of(counted)
    for survey_round in counted:
        cohort = cohorts.setdefault(_cohort_key(survey_round), CohortFigures(survey_round.cohort.strip()))
        figures_read.send(SurveyRound, survey_round=survey_round, reader=None, shown=True)
        cells_of = cells.setdefault(_cohort_key(survey_round), {})
        _count_round(cohort, cells_of, survey_round, counters.get(survey_round.pk, []))
    for key, cohort in cohorts.items():
        cohort.statements = _pooled_statements(cells.get(key, {}))
    return list(cohorts.values())  # in the order their first rounds opened


def _public(survey_round: SurveyRound, published_rounds: Mapping[int, int | None]) -> bool:
    """Whether the round's figures are public: its visit's published report gives it, the visit is one the public
    may see, and the round is released (and counted)."""
    visit = survey_round.visit
    return (
        published_rounds.get(visit.pk) == survey_round.pk
        and not visit.meeting_of
        and visit.status in PUBLIC_STATUSES
        and not why_not(survey_round, sealed=survey_round.sealed_left > 0)
    )


def _with_counts(rounds):
    """Rounds in the order they opened, with their visit, hosts, questions and counts: a fixed number of queries."""

    def counted(model, value):
        sub = model.objects.filter(survey_round=OuterRef("pk")).order_by().values("survey_round")
        return Coalesce(Subquery(sub.annotate(n=value).values("n")), 0)

    return (
        rounds.select_related("questionnaire", "visit")
        .prefetch_related("visit__hosts", "questionnaire__questions")
        .annotate(
            invited=counted(Invitation, Count("pk")),
            sealed_left=counted(SealedResponse, Count("pk")),
            counted_respondents=counted(RespondentCounter, Sum("count")),
        )
        .order_by("opens_on", "pk")
    )


def _counters_of(rounds: list[SurveyRound]) -> dict[int, list[tuple[str, int, int, int]]]:
    """Every counter of the rounds, read at once, by round."""
    by_round: dict[int, list] = {}
    values = ("survey_round_id", "respondent_kind", "question_id", "value", "count")
    for pk, *counter in AnswerCounter.objects.filter(survey_round__in=rounds).values_list(*values).order_by():
        by_round.setdefault(pk, []).append(tuple(counter))
    return by_round


def _cohort_key(survey_round: SurveyRound) -> str:
    return " ".join(survey_round.cohort.split()).casefold()


def _count_round(cohort: CohortFigures, cells: dict, survey_round: SurveyRound, counters: list) -> None:
    """Add a released round's respondents, invitations and shown agreement statements to its cohort."""
    cohort.rounds += 1
    cohort.respondents += survey_round.counted_respondents + survey_round.sealed_left
    cohort.invited += survey_round.invited
    unit = ", ".join(sorted(host.name for host in survey_round.visit.hosts.all()))
    questions = list(survey_round.questionnaire.questions.all())
    results = aggregation.statement_results(questions, _summed(counters), threshold=settings.SURVEY_MIN_GROUP)
    for result in results:
        if result.suppressed or result.agreeing_percent is None:
            continue
        agreeing = sum(level.count for level in result.levels if level.value in AGREEING)
        by_unit = cells.setdefault(result.text, {})
        n, agree = by_unit.get(unit, (0, 0))
        by_unit[unit] = (n + result.n, agree + agreeing)


def _pooled_statements(cells: dict[str, dict[str, tuple[int, int]]]) -> list[PooledStatement]:
    statements = []
    for text, by_unit in cells.items():
        n = sum(count for count, _ in by_unit.values())
        agreeing = sum(agree for _, agree in by_unit.values())
        shares = [agree * 100 / count for count, agree in by_unit.values()]
        statements.append(
            PooledStatement(
                text=text,
                n=n,
                pooled_percent=aggregation.whole_percentages([agreeing, n - agreeing])[0],
                weighted_percent=int(sum(shares) / len(shares) + 0.5),
                authorities=len(by_unit),
            )
        )
    return statements
