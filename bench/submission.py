"""What storing one survey response costs when the round's responses are written again in a random order.

Every submission rewrites the round's responses and answers, shuffled, so that no key, row order or transaction
pairs a response with its author (surveys/services.py). This prints the median time of one submission through
the service into rounds already holding 10, 100 and 320 responses (a 32-visit programme round), against storing
the same response plainly (a completion, a response and its answers, no rewrite), and their ratio.

Run on demand:  .venv/bin/python bench/submission.py [--repeat N]
Needs PostgreSQL: uses DATABASE_URL when set, otherwise starts a throwaway server as the tests do.
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZES = (10, 100, 320)


def _round(size: int, repeat: int):
    from authorities.models import Organisation, Person
    from reviews.models import Phase, Programme, Theme, Visit
    from surveys.models import Invitation, SurveyRound
    from surveys.services import load_ci_questionnaire

    questionnaire = load_ci_questionnaire()
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
            for n in range(size + 2 * repeat)
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
    return survey_round, questionnaire, invitations


def _answers(questionnaire) -> dict:
    return {
        q: (3 if q.is_scaled else "A comment of ordinary length about the visit.")
        for q in questionnaire.questions.all()
    }


def _plain(invitation, answers) -> None:
    """The same rows, written once, as a store without the shuffle would."""
    from django.db import transaction

    from surveys.models import Answer, Completion, Response

    with transaction.atomic():
        Completion.objects.create(invitation=invitation)
        response = Response.objects.create(survey_round=invitation.survey_round, respondent_kind="local_authority")
        Answer.objects.bulk_create(
            [
                Answer(response=response, question=q, value=v if q.is_scaled else None, text="" if q.is_scaled else v)
                for q, v in answers.items()
            ]
        )


def _median_ms(function, items) -> float:
    timings = []
    for item in items:
        started = time.perf_counter()
        function(item)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def run(args) -> None:
    from django.db import connection

    from surveys.services import submit_response

    print(f"{connection.vendor}: one submission, median of {args.repeat}, 10 answers each")
    for size in SIZES:
        _, questionnaire, invitations = _round(size, args.repeat)
        answers = _answers(questionnaire)
        for invitation in invitations[:size]:  # fill the round to its size the cheap way
            _plain(invitation, answers)
        rest = invitations[size:]
        shuffled = _median_ms(
            lambda inv, answers=answers: submit_response(invitation=inv, answers=answers), rest[: args.repeat]
        )
        plain = _median_ms(lambda inv, answers=answers: _plain(inv, answers), rest[args.repeat :])
        print(
            f"  round of {size:>3} responses: shuffled rewrite {shuffled:7.1f} ms, plain insert {plain:6.1f} ms, "
            f"ratio {shuffled / plain:5.1f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    from _setup import on_postgresql

    on_postgresql(run, parser.parse_args())


if __name__ == "__main__":
    main()
