"""What storing one survey response costs, as the round fills; releasing the round; fifty people answering at once.

A submission seals the answers (one encrypted response of the round's one size) and marks the invitation used, in
one transaction under a shared lock on the round (surveys/services/responses.py); release opens every sealed
response at once into the counters and comments (surveys/services/release.py). This prints the median time of one
submission through the service into rounds already holding 10, 100 and 320 responses (a 32-visit programme round)
and 3,000 (a national one), against storing the same answers plainly (a completion and a row per answer, as a store
with nothing to hide would), their ratio (the target: the same at every size, and at most 2x), and how long the
round's release then takes; then fifty submissions to one round from fifty threads, each with its own connection,
started together: how many were stored, and how long they took.

Run on demand:  .venv/bin/python bench/submission.py [--repeat N] [--sizes 10,100,320,3000] [--concurrent N]
Needs PostgreSQL: uses DATABASE_URL when set, otherwise starts a throwaway server as the tests do.
make test runs it once at its smallest (tests/test_bench.py).
"""

import argparse
import datetime
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COMMENT = "A comment of ordinary length about the visit."


def _round(size: int, extra: int):
    """A round of the CI survey with `size` responses already counted, and `extra` people still to answer."""
    from authorities.models import Organisation, Person
    from reviews.models import Phase, Programme, Theme, Visit
    from surveys.models import Invitation, SurveyRound
    from surveys.services import questionnaires, responses

    questionnaire = questionnaires.load_ci_questionnaire()
    organisation = Organisation.objects.get(name="Fife Council")
    programme, _ = Programme.objects.get_or_create(slug="bench", defaults={"name": "Bench", "kind": "ci"})
    phase, _ = Phase.objects.get_or_create(programme=programme, number=1, defaults={"name": "Phase 1"})
    theme, _ = Theme.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    today = datetime.date.today()
    visit = Visit.objects.create(
        programme=programme, phase=phase, theme=theme, starts_on=today, ends_on=today + datetime.timedelta(days=2)
    )
    people = Person.objects.bulk_create(
        [
            Person(email=f"p{size}-{n}@bench.example", full_name=f"P {n}", organisation=organisation)
            for n in range(size + extra)
        ]
    )
    survey_round = SurveyRound.objects.create(
        questionnaire=questionnaire,
        visit=visit,
        cohort=f"bench {size}",
        opens_on=today,
        closes_on=today,
        created_by=people[0],
    )
    invitations = Invitation.objects.bulk_create([Invitation(survey_round=survey_round, person=p) for p in people])
    answers = _answers(questionnaire)
    for invitation in invitations[:size]:
        responses.submit_response(invitation=invitation, answers=answers)
    return survey_round, answers, invitations[size:]


def _answers(questionnaire) -> dict:
    return {q: (3 if q.is_scaled else COMMENT) for q in questionnaire.questions.all()}


def _plain(invitation, answers) -> None:
    """The same answers written as a store with nothing to hide would: the completion and a row per answer."""
    from django.db import connection, transaction

    from surveys.models import Completion

    with transaction.atomic():
        Completion.objects.create(invitation=invitation)
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO bench_plain_answer (survey_round_id, question_id, value, text) VALUES (%s, %s, %s, %s)",
                [
                    (invitation.survey_round_id, q.pk, v if q.is_scaled else None, "" if q.is_scaled else v)
                    for q, v in answers.items()
                ],
            )


def _median_ms(function, items) -> float:
    timings = []
    for item in items:
        started = time.perf_counter()
        function(item)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _concurrently(count: int) -> tuple[int, float]:
    """`count` submissions to one round from as many threads, started together: how many stored, in how long."""
    from django.db import connections

    from surveys.models import Invitation
    from surveys.services import responses

    survey_round, answers, waiting = _round(0, count)
    start = threading.Barrier(count)
    stored, failures = [], []

    def submit(invitation_pk):
        try:
            invitation = Invitation.objects.select_related("person__organisation").get(pk=invitation_pk)
            start.wait(timeout=60)
            responses.submit_response(invitation=invitation, answers=answers)
            stored.append(invitation_pk)
        except Exception as error:  # counted and shown, not hidden
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(invitation.pk,)) for invitation in waiting]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = (time.perf_counter() - started) * 1000
    if failures:
        print(f"  failures: {failures[:3]}")
    assert responses.respondents(survey_round) == len(stored), "every stored submission is counted once"
    return len(stored), elapsed


def run(args) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_plain_answer "
            "(id bigserial PRIMARY KEY, survey_round_id bigint, question_id bigint, value smallint, text text)"
        )
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{connection.vendor}: one submission (8 statements and 2 comments), median of {args.repeat}")
    for size in sizes:
        survey_round, answers, rest = _round(size, 2 * args.repeat)
        from surveys.services.release import close_round
        from surveys.services.responses import submit_response

        sealed = _median_ms(lambda inv, a=answers: submit_response(invitation=inv, answers=a), rest[: args.repeat])
        plain = _median_ms(lambda inv, a=answers: _plain(inv, a), rest[args.repeat :])
        started = time.perf_counter()
        close_round(survey_round=survey_round, by=None)
        released = (time.perf_counter() - started) * 1000
        assert survey_round.released_at is not None
        print(
            f"  round of {size:>4} responses: sealed {sealed:5.1f} ms, plain insert {plain:5.1f} ms, "
            f"ratio {sealed / plain:4.1f}x; its release {released:7.1f} ms"
        )
    if args.concurrent:
        stored, elapsed = _concurrently(args.concurrent)
        print(f"  {args.concurrent} at once into one round: {stored} stored in {elapsed:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--sizes", default="10,100,320,3000")
    parser.add_argument("--concurrent", type=int, default=50)
    from _setup import on_postgresql

    on_postgresql(run, parser.parse_args())


if __name__ == "__main__":
    main()
