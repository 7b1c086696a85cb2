"""Survey aggregation over 100,000 answers, against PostgreSQL counting the same thing with GROUP BY.

Prints the median time of the portal's aggregation (the database counts each level through the ORM; Python
turns the counts into whole percentages) and of one hand-written GROUP BY query returning the same counts, their
ratio against the target of 1.5, and the aggregation's peak Python memory.

Run on demand:  .venv/bin/python bench/aggregation.py [--answers N] [--repeat N]
Needs PostgreSQL: uses DATABASE_URL when set, otherwise starts a throwaway server as the tests do.
"""

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def fill(answers: int):
    import datetime

    from authorities.models import Organisation, Person
    from reviews.models import Phase, Programme, Theme, Visit
    from surveys.choices import RespondentKind
    from surveys.models import Answer, Response, SurveyRound
    from surveys.services import load_ci_questionnaire

    rng = random.Random(2026)
    questionnaire = load_ci_questionnaire()
    scaled = [q for q in questionnaire.questions.all() if q.is_scaled]
    person = Person.objects.create_user(
        email="b@bench.example", full_name="Bench", organisation=Organisation.objects.get(name="ADES")
    )
    programme = Programme.objects.create(name="Bench", slug="bench", kind="ci")
    phase = Phase.objects.create(programme=programme, number=1, name="Phase 1")
    visit = Visit.objects.create(
        programme=programme,
        phase=phase,
        theme=Theme.objects.create(name="T", slug="t"),
        starts_on=datetime.date(2026, 1, 5),
        ends_on=datetime.date(2026, 1, 7),
    )
    survey_round = SurveyRound.objects.create(
        questionnaire=questionnaire,
        visit=visit,
        cohort="bench",
        opens_on=visit.starts_on,
        closes_on=visit.ends_on,
        created_by=person,
    )
    responses = Response.objects.bulk_create(
        [
            Response(survey_round=survey_round, respondent_kind=rng.choice(RespondentKind.values))
            for _ in range(answers // len(scaled))
        ],
        batch_size=5000,
    )
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=question, value=rng.choice((1, 2, 3, 3, 4, 4, 4)))
            for response in responses
            for question in scaled
        ],
        batch_size=10000,
    )
    return survey_round, questionnaire


def median_ms(function, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    from _setup import on_postgresql

    on_postgresql(run, parser.parse_args())


def run(args) -> None:
    from django.conf import settings
    from django.db import connection

    from surveys import aggregation, selectors

    survey_round, questionnaire = fill(args.answers)
    questions = list(questionnaire.questions.all())
    total = survey_round.responses.count() * sum(q.is_scaled for q in questions)

    def portal():
        return aggregation.statement_results(
            questions, selectors.scaled_answer_counts(survey_round), threshold=settings.SURVEY_MIN_GROUP
        )

    def group_by():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.question_id, a.value, count(*) FROM surveys_answer a "
                "JOIN surveys_response r ON r.id = a.response_id "
                "WHERE r.survey_round_id = %s AND a.value IS NOT NULL GROUP BY a.question_id, a.value",
                [survey_round.pk],
            )
            return cursor.fetchall()

    counts = {(q, v): n for q, v, n in group_by()}
    for result in portal():
        question = next(q for q in questions if q.code == result.code)
        assert [level.count for level in result.levels] == [
            counts.get((question.pk, lv), 0) for lv, _ in question.scale
        ]
    portal_ms, sql_ms = median_ms(portal, args.repeat), median_ms(group_by, args.repeat)
    tracemalloc.start()
    portal()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{connection.vendor}: {total:,} answers, median of {args.repeat} runs (same counts checked)")
    print(f"  portal aggregation (database counts)    {portal_ms:9.1f} ms   peak {peak:.1f} MiB")
    print(f"  PostgreSQL GROUP BY                     {sql_ms:9.1f} ms")
    print(f"  ratio                                   {portal_ms / sql_ms:9.1f}x   (target 1.5x at most)")


if __name__ == "__main__":
    main()
