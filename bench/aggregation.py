"""Survey results through the one door (surveys/results.py), for released rounds of 1,000 and 100,000 answers.

Answers are counters, so reading a round's results costs the same whatever its size. This prints, for each size, the
median time of everything the results page shows as an ADES officer reads it (statements, breakdown by kind of
organisation, cohort comparison, comments; pandas compares the groups) and of one hand-written query summing the
same statement counts, their ratio, and the door's peak Python memory.

Run on demand:  .venv/bin/python bench/aggregation.py [--answers 1000,100000] [--repeat N]
Needs PostgreSQL: uses DATABASE_URL when set, otherwise starts a throwaway server as the tests do.
make test runs it once at its smallest (tests/test_bench.py).
"""

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def fill(answers: int, officer):
    """A released round of the CI survey whose counters hold `answers` answers to its eight statements."""
    import datetime

    from reviews.models import Phase, Programme, Theme, Visit
    from surveys.choices import RespondentKind
    from surveys.models import AnswerCounter, RespondentCounter, SurveyRound
    from surveys.services import questionnaires, release, responses

    rng = random.Random(answers)
    questionnaire = questionnaires.load_ci_questionnaire()
    programme, _ = Programme.objects.get_or_create(slug="bench", defaults={"name": "Bench", "kind": "ci"})
    phase, _ = Phase.objects.get_or_create(programme=programme, number=1, defaults={"name": "Phase 1"})
    visit = Visit.objects.create(
        programme=programme,
        phase=phase,
        theme=Theme.objects.get_or_create(slug="t", defaults={"name": "T"})[0],
        starts_on=datetime.date(2026, 1, 5),
        ends_on=datetime.date(2026, 1, 7),
    )
    today = datetime.date.today()
    survey_round = SurveyRound.objects.create(
        questionnaire=questionnaire,
        visit=visit,
        cohort=f"bench {answers}",
        opens_on=today,
        closes_on=today,
        created_by=officer,
    )
    responses.create_counters(survey_round)
    statements = [q for q in questionnaire.questions.all() if q.is_scaled]
    people = Counter(rng.choice(RespondentKind.values) for _ in range(answers // len(statements)))
    given = Counter(
        (question.pk, kind, rng.choice((1, 2, 3, 3, 4, 4, 4)))
        for kind, count in people.items()
        for _ in range(count)
        for question in statements
    )
    for kind, count in people.items():
        RespondentCounter.objects.filter(survey_round=survey_round, respondent_kind=kind).update(count=count)
    for (question, kind, value), count in given.items():
        AnswerCounter.objects.filter(
            survey_round=survey_round, question=question, respondent_kind=kind, value=value
        ).update(count=count)
    release.close_round(survey_round=survey_round, by=officer)
    return survey_round


def median_ms(function, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def run(args) -> None:
    from django.db import connection

    from authorities.models import Organisation, Person

    officer = Person.objects.create_user(
        email="b@bench.example",
        full_name="Bench",
        organisation=Organisation.objects.get(name="ADES"),
        role="ades_officer",
    )
    print(f"{connection.vendor}: a released round's results as an ADES officer reads them, median of {args.repeat}")
    for answers in (int(size) for size in args.answers.split(",")):
        _measure(fill(answers, officer), officer, answers, args.repeat)


def _measure(survey_round, officer, answers: int, repeat: int) -> None:
    from django.db import connection

    from surveys import results

    def door():
        figures = results.for_reader(survey_round, officer)
        assert figures.shown
        return figures

    def summed():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT question_id, value, sum(count) FROM surveys_answercounter WHERE survey_round_id = %s "
                "GROUP BY question_id, value",
                [survey_round.pk],
            )
            return cursor.fetchall()

    counts = {(q, v): n for q, v, n in summed()}
    figures = door()
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
    for result in figures.statements:
        question = questions[result.code]
        assert [level.count for level in result.levels] == [counts[question.pk, v] for v, _ in question.scale]
    tracemalloc.start()
    door()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    portal, floor = median_ms(door, repeat), median_ms(summed, repeat)
    print(
        f"  {answers:>7,} answers ({figures.respondents:,} people): the door {portal:6.1f} ms, one query "
        f"{floor:5.2f} ms, ratio {portal / floor:5.1f}x, peak {peak:.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", default="1000,100000")
    parser.add_argument("--repeat", type=int, default=9)
    from _setup import on_postgresql

    on_postgresql(run, parser.parse_args())


if __name__ == "__main__":
    main()
